using DmIo.FaultInjection;

namespace DmIo.Testing;

/// <summary>A flakey device over a window of a lower stack.</summary>
/// <param name="Name">The device name.</param>
/// <param name="Lower">The stack beneath.</param>
/// <param name="Offset">Where the window starts there.</param>
/// <param name="Length">The window's length.</param>
/// <param name="Configuration">Intervals and features.</param>
public sealed record FlakeyNode(string Name, StackNode Lower, long Offset, long Length, FlakeyConfiguration Configuration) : StackNode(Name)
{
    /// <inheritdoc />
    public override long Capacity => Length;

    /// <inheritdoc />
    public override int Depth => 1 + Lower.Depth;

    /// <inheritdoc />
    public override bool HasFaults => true;

    /// <inheritdoc />
    public override IBlockDevice Build(StackContext context) =>
        new FlakeyDevice(Name, Lower.Build(context), Offset, Length, Configuration, context.Scheduler, context.Choices, context.Record);

    /// <inheritdoc />
    public override void MapFaults(long sector, long count, List<FaultSpan> spans)
    {
        spans.Add(new FaultSpan(Name, sector, count)); // flakey records decisions in its own sectors ...
        Lower.MapFaults(Offset + sector, count, spans); // ... and passes the rest down shifted by its offset
    }

    /// <inheritdoc />
    /// <remarks>6.12's flakey sets no <c>num_write_zeroes_bios</c>, so its table never offers write-zeroes.</remarks>
    public override bool Supports(BioOperation operation) => operation != BioOperation.WriteZeroes && Lower.Supports(operation);

    /// <inheritdoc />
    public override string ToString() =>
        $"flakey {Name}(+{Offset}, {Length}s, up={Configuration.UpIntervalSeconds} down={Configuration.DownIntervalSeconds} {Configuration.FeatureText()}) over [{Lower}]";
}
