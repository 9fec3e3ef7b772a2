namespace DmIo.VirtualDevices.Tests.Reliability;

/// <summary>Counts completions of bios it is the end_io of, remembering the last status, and signals each one.</summary>
internal sealed class CompletionCounter : IBioEndIo, IDisposable
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public BlkStatus LastStatus { get; private set; }

    public ManualResetEventSlim Signal { get; } = new();

    public void EndIo(Bio bio)
    {
        LastStatus = bio.Status;
        Interlocked.Increment(ref _count);
        Signal.Set();
    }

    public void Dispose() => Signal.Dispose();
}
