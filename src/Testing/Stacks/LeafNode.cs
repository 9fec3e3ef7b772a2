using DmIo.FaultInjection;
using DmIo.VirtualDevices;

namespace DmIo.Testing;

/// <summary>A backend at the bottom of a stack.</summary>
/// <param name="Name">The device name.</param>
/// <param name="Kind">The backend.</param>
/// <param name="Sectors">The capacity.</param>
/// <param name="Limits">Its queue limits.</param>
public sealed record LeafNode(string Name, LeafKind Kind, long Sectors, QueueLimits Limits) : StackNode(Name)
{
    /// <inheritdoc />
    public override long Capacity => Sectors;

    /// <inheritdoc />
    public override int Depth => 1;

    /// <inheritdoc />
    public override bool HasFaults => Kind == LeafKind.Error;

    /// <inheritdoc />
    public override IBlockDevice Build(StackContext context) => Kind switch
    {
        LeafKind.Sparse => new SparseMemoryDevice(Name, Sectors, Limits, context.LeafCompletion, context.Scheduler),
        LeafKind.Error => new ErrorDevice(Name, Sectors, Limits, new ErrorTargetRecorder(context.Record, context.Scheduler)),
        _ => new MemoryDevice(Name, Sectors, Limits, context.LeafCompletion, context.Scheduler),
    };

    /// <inheritdoc />
    public override void MapFaults(long sector, long count, List<FaultSpan> spans)
    {
        if (Kind == LeafKind.Error)
        {
            spans.Add(new FaultSpan(Name, sector, count));
        }
    }

    /// <inheritdoc />
    public override bool Supports(BioOperation operation) => operation switch
    {
        // The error target supports discards whatever its limits (io_err_io_hints) and never write-zeroes.
        BioOperation.Discard when Kind == LeafKind.Error => true,
        BioOperation.WriteZeroes when Kind == LeafKind.Error => false,
        BioOperation.Discard => Limits.MaxDiscardSectors > 0,
        BioOperation.WriteZeroes => Limits.MaxWriteZeroesSectors > 0,
        _ => true,
    };

    /// <inheritdoc />
    public override string ToString() =>
        $"{Kind.ToString().ToLowerInvariant()} {Name}({Sectors}s max_sectors={Limits.MaxSectors} max_segs={Limits.MaxSegments} seg_size={Limits.MaxSegmentSize} discard={Limits.MaxDiscardSectors} wz={Limits.MaxWriteZeroesSectors})";
}
