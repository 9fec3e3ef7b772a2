using System.Globalization;
using DmIo.FaultInjection;

namespace DmIo.Testing;

/// <summary>An enabled dust device over a window of a lower stack, with bad blocks numbered on the lower device.</summary>
/// <param name="Name">The device name.</param>
/// <param name="Lower">The stack beneath.</param>
/// <param name="Offset">Where the window starts there.</param>
/// <param name="Length">The window's length.</param>
/// <param name="BlockBytes">The bad-block unit.</param>
/// <param name="BadBlocks">Bad blocks (lower-device block numbers, as dm-dust's messages take them) and their write-failure counts.</param>
public sealed record DustNode(string Name, StackNode Lower, long Offset, long Length, uint BlockBytes, IReadOnlyList<(long Block, int WriteFailures)> BadBlocks)
    : StackNode(Name)
{
    /// <inheritdoc />
    public override long Capacity => Length;

    /// <inheritdoc />
    public override int Depth => 1 + Lower.Depth;

    /// <inheritdoc />
    public override bool HasFaults => true;

    /// <inheritdoc />
    public override IBlockDevice Build(StackContext context)
    {
        var dust = new DustDevice(Name, Lower.Build(context), Offset, Length, BlockBytes, context.Scheduler, context.Record);
        foreach ((long block, int failures) in BadBlocks)
        {
            dust.Message("addbadblock", block.ToString(CultureInfo.InvariantCulture), failures.ToString(CultureInfo.InvariantCulture));
        }

        dust.Message("enable");
        return dust;
    }

    /// <inheritdoc />
    public override void MapFaults(long sector, long count, List<FaultSpan> spans)
    {
        spans.Add(new FaultSpan(Name, sector, count)); // dust records failed runs in its own sectors
        Lower.MapFaults(Offset + sector, count, spans);
    }

    /// <inheritdoc />
    /// <remarks>6.12's dust sets no <c>num_write_zeroes_bios</c>, so its table never offers write-zeroes.</remarks>
    public override bool Supports(BioOperation operation) => operation != BioOperation.WriteZeroes && Lower.Supports(operation);

    /// <inheritdoc />
    public override string ToString() =>
        $"dust {Name}(+{Offset}, {Length}s, blk={BlockBytes}, bad=[{string.Join(',', BadBlocks.Select(b => $"{b.Block}/{b.WriteFailures}"))}]) over [{Lower}]";
}
