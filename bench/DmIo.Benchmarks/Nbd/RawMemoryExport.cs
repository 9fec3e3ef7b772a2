using DmIo.Nbd.Exports;

namespace DmIo.Benchmarks.Nbd;

/// <summary>
/// The least an export can do: a byte array, each request copied in or out and completed inline, under one lock (as
/// the served scenario run is). Served by <see cref="RawExportServer"/> to tell the NBD server's own cost from the
/// scenario device's and the paced run's.
/// </summary>
public sealed class RawMemoryExport : INbdExport
{
    private readonly Lock _lock = new();
    private readonly byte[] _data;

    /// <summary>An export of <paramref name="sizeBytes"/> zero bytes.</summary>
    /// <param name="name">The export's name.</param>
    /// <param name="sizeBytes">Its size.</param>
    public RawMemoryExport(string name, int sizeBytes)
    {
        Name = name;
        _data = GC.AllocateArray<byte>(sizeBytes, pinned: true);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Description => "a byte array (benchmark)";

    /// <inheritdoc />
    public long SizeBytes => _data.Length;

    /// <inheritdoc />
    public NbdBlockSizes BlockSizes { get; } = new(512, 4096, 32 * 1024 * 1024);

    /// <inheritdoc />
    public NbdExportFeatures Features => NbdExportFeatures.Flush | NbdExportFeatures.Fua | NbdExportFeatures.MultiConn;

    /// <inheritdoc />
    public void Submit(in NbdIo io, Memory<byte> buffer, INbdCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        lock (_lock)
        {
            Span<byte> place = _data.AsSpan((int)io.Offset, buffer.Length);
            if (io.Command == NbdCommand.Read)
            {
                place.CopyTo(buffer.Span);
            }
            else if (io.Command == NbdCommand.Write)
            {
                buffer.Span.CopyTo(place);
            }
        }

        completion.Complete(0, null);
    }
}
