using System.Collections.Concurrent;
using DmIo.Nbd.Exports;

namespace DmIo.Nbd.Tests.Support;

/// <summary>
/// An export backed by a byte array, with configurable features and block sizes, an injectable read failure, and a
/// record of every call and of every broken promise of the server (a request outside the export, longer than the
/// maximum, of an unadvertised command, or with a buffer of the wrong length).
/// </summary>
internal sealed class MemoryTestExport : INbdExport
{
    private readonly Lock gate = new();
    private readonly ConcurrentQueue<(NbdIo Io, INbdCompletion Completion, int Errno, string? Message)> held = new();
    private int submitCount;

    public MemoryTestExport(string name, int sizeBytes, NbdExportFeatures features = NbdExportFeatures.Flush | NbdExportFeatures.Fua | NbdExportFeatures.Trim | NbdExportFeatures.WriteZeroes, NbdBlockSizes? blockSizes = null)
    {
        Name = name;
        Data = new byte[sizeBytes];
        Touched = new bool[sizeBytes];
        Features = features;
        BlockSizes = blockSizes ?? new NbdBlockSizes(1, 4096, 1024 * 1024);
    }

    public string Name { get; }

    public string Description { get; init; } = "a test export in memory";

    public long SizeBytes => Data.Length;

    public NbdBlockSizes BlockSizes { get; }

    public NbdExportFeatures Features { get; }

    /// <summary>The export's bytes; tests read them directly once requests are done.</summary>
    public byte[] Data { get; }

    /// <summary>Which bytes a write, trim or write-zeroes has covered.</summary>
    public bool[] Touched { get; }

    public CompletionMode Mode { get; set; } = CompletionMode.Inline;

    /// <summary>A read covering this offset fails with <see cref="FailErrno"/>.</summary>
    public long? FailReadsAt { get; set; }

    public int FailErrno { get; set; } = 5;

    public string FailMessage { get; set; } = "injected read failure (EIO)";

    /// <summary>When set, Submit throws instead of completing.</summary>
    public bool ThrowOnSubmit { get; set; }

    public int SubmitCount => Volatile.Read(ref submitCount);

    public ConcurrentQueue<NbdIo> Calls { get; } = new();

    public ConcurrentQueue<string> Violations { get; } = new();

    public int HeldCount => held.Count;

    public void Fill(Func<int, byte> pattern)
    {
        for (int i = 0; i < Data.Length; i++)
        {
            Data[i] = pattern(i);
        }
    }

    public void Submit(in NbdIo io, Memory<byte> buffer, INbdCompletion completion)
    {
        Interlocked.Increment(ref submitCount);
        Calls.Enqueue(io);
        CheckPromises(io, buffer);
        if (ThrowOnSubmit)
        {
            throw new InvalidOperationException("injected Submit failure");
        }

        var (errno, message) = Execute(io, buffer);
        switch (Mode)
        {
            case CompletionMode.Inline:
                completion.Complete(errno, message);
                break;
            case CompletionMode.ThreadPool:
                ThreadPool.UnsafeQueueUserWorkItem(_ => completion.Complete(errno, message), null);
                break;
            default:
                held.Enqueue((io, completion, errno, message));
                break;
        }
    }

    /// <summary>Completes the held requests, in the order <paramref name="order"/> gives (submission order when null).</summary>
    public void ReleaseHeld(Func<IEnumerable<(NbdIo Io, INbdCompletion Completion, int Errno, string? Message)>, IEnumerable<(NbdIo Io, INbdCompletion Completion, int Errno, string? Message)>>? order = null)
    {
        var all = new List<(NbdIo Io, INbdCompletion Completion, int Errno, string? Message)>();
        while (held.TryDequeue(out var item))
        {
            all.Add(item);
        }

        foreach (var item in order is null ? all : order(all))
        {
            item.Completion.Complete(item.Errno, item.Message);
        }
    }

    private void CheckPromises(in NbdIo io, Memory<byte> buffer)
    {
        if (io.Offset < 0 || io.Length < 0 || io.Offset + io.Length > SizeBytes)
        {
            Violations.Enqueue($"{io} is outside the export's {SizeBytes} bytes");
        }

        if (io.Length > BlockSizes.Maximum)
        {
            Violations.Enqueue($"{io} is longer than the maximum {BlockSizes.Maximum}");
        }

        bool advertised = io.Command switch
        {
            NbdCommand.Read or NbdCommand.Write => true,
            NbdCommand.Flush => Features.HasFlag(NbdExportFeatures.Flush),
            NbdCommand.Trim => Features.HasFlag(NbdExportFeatures.Trim),
            NbdCommand.WriteZeroes => Features.HasFlag(NbdExportFeatures.WriteZeroes),
            _ => false,
        };
        if (!advertised || (Features.HasFlag(NbdExportFeatures.ReadOnly) && io.Command is NbdCommand.Write or NbdCommand.Trim or NbdCommand.WriteZeroes))
        {
            Violations.Enqueue($"{io} is not a command this export advertised");
        }

        int expectedBuffer = io.Command is NbdCommand.Read or NbdCommand.Write ? io.Length : 0;
        if (buffer.Length != expectedBuffer)
        {
            Violations.Enqueue($"{io} came with a buffer of {buffer.Length} bytes");
        }
    }

    private (int Errno, string? Message) Execute(in NbdIo io, Memory<byte> buffer)
    {
        if (io.Offset < 0 || io.Offset + io.Length > SizeBytes)
        {
            return (22, "out of range");
        }

        int offset = (int)io.Offset;
        lock (gate)
        {
            switch (io.Command)
            {
                case NbdCommand.Read:
                    if (FailReadsAt is { } bad && bad >= io.Offset && bad < io.Offset + io.Length)
                    {
                        return (FailErrno, FailMessage);
                    }

                    Data.AsSpan(offset, io.Length).CopyTo(buffer.Span);
                    return (0, null);
                case NbdCommand.Write:
                    buffer.Span[..io.Length].CopyTo(Data.AsSpan(offset));
                    Touched.AsSpan(offset, io.Length).Fill(true);
                    return (0, null);
                case NbdCommand.Trim:
                case NbdCommand.WriteZeroes:
                    Data.AsSpan(offset, io.Length).Clear();
                    Touched.AsSpan(offset, io.Length).Fill(true);
                    return (0, null);
                default:
                    return (0, null);
            }
        }
    }
}
