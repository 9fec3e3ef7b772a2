using System.Collections.Concurrent;
using System.Numerics;

namespace DmIo.Nbd.Server;

/// <summary>
/// Payload buffers for every connection of a server, in power-of-two sizes. ArrayPool&lt;byte&gt;.Shared keeps only a
/// few large arrays per core, so with hundreds of 256 KiB requests in flight most rents fell through to fresh
/// large-object allocations and the garbage collections they bring; this pool keeps up to a byte budget per size.
/// </summary>
internal sealed class NbdPayloadPool
{
    private const int SmallestShift = 12;
    private const long RetainedBytesPerSize = 128L * 1024 * 1024;

    private readonly ConcurrentQueue<byte[]>[] buckets = new ConcurrentQueue<byte[]>[31];
    private readonly int[] retained = new int[31];

    public NbdPayloadPool()
    {
        for (int i = 0; i < buckets.Length; i++)
        {
            buckets[i] = new ConcurrentQueue<byte[]>();
        }
    }

    /// <summary>A buffer of at least <paramref name="length"/> bytes (not cleared).</summary>
    public byte[] Rent(int length)
    {
        int shift = Math.Max(SmallestShift, 32 - BitOperations.LeadingZeroCount((uint)Math.Max(1, length) - 1));
        if (buckets[shift].TryDequeue(out var buffer))
        {
            Interlocked.Decrement(ref retained[shift]);
            return buffer;
        }

        return GC.AllocateUninitializedArray<byte>(1 << shift);
    }

    /// <summary>Gives back a buffer from <see cref="Rent"/>; kept for reuse unless its size already has its budget.</summary>
    public void Return(byte[] buffer)
    {
        int shift = BitOperations.Log2((uint)buffer.Length);
        long limit = Math.Max(1, RetainedBytesPerSize >> shift);
        if (Interlocked.Increment(ref retained[shift]) <= limit)
        {
            buckets[shift].Enqueue(buffer);
        }
        else
        {
            Interlocked.Decrement(ref retained[shift]);
        }
    }
}
