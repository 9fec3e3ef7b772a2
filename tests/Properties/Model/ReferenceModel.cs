namespace DmIo.Properties;

/// <summary>
/// The reference model of the model-based test's stack (rules over dust over a volatile write cache over memory):
/// what a read sees, what survives a crash, the dust bad blocks and switch, the active rules, and virtual time.
/// Deliberately simple — byte arrays and sets — so it is obviously right.
/// </summary>
internal sealed class ReferenceModel
{
    /// <summary>The device size.</summary>
    public const int Sectors = 256;

    /// <summary>What a read returns when nothing fails: the media overlaid by the write cache.</summary>
    public byte[] Visible { get; } = new byte[Sectors * DmIoConstants.SectorSize];

    /// <summary>What the media holds: survives a crash.</summary>
    public byte[] Durable { get; } = new byte[Sectors * DmIoConstants.SectorSize];

    /// <summary>Dust bad blocks (512-byte blocks = sectors).</summary>
    public SortedSet<long> BadBlocks { get; } = [];

    /// <summary>Whether dust checks its bad block list.</summary>
    public bool DustEnabled { get; set; }

    /// <summary>Active fail rules, in the order they were added.</summary>
    public List<ModelRule> Rules { get; } = [];

    /// <summary>Virtual time in nanoseconds.</summary>
    public long Now { get; set; }

    /// <summary>Labels of the interesting things the script did, for classification.</summary>
    public HashSet<string> Tags { get; } = [];

    /// <summary>Rules added so far, for unique names.</summary>
    public int RulesAdded { get; set; }

    /// <summary>The first active rule failing <paramref name="operation"/> on any of the sectors, or null.</summary>
    /// <param name="operation">Read or write.</param>
    /// <param name="sector">The first sector.</param>
    /// <param name="count">The count.</param>
    /// <returns>The rule.</returns>
    public ModelRule? FailingRule(BioOperation operation, long sector, long count) =>
        Rules.FirstOrDefault(r => r.Operation == operation && Now < r.Until && sector <= r.Last && r.First < sector + count);

    /// <summary>True when dust is enabled and a bad block lies in the range.</summary>
    /// <param name="sector">The first sector.</param>
    /// <param name="count">The count.</param>
    /// <returns>Whether a read there fails at dust.</returns>
    public bool DustFails(long sector, long count) => DustEnabled && BadBlocks.GetViewBetween(sector, sector + count - 1).Count > 0;

    /// <summary>A write reaching dust clears the bad blocks it covers (when enabled), as dm-dust remaps them.</summary>
    /// <param name="sector">The first sector.</param>
    /// <param name="count">The count.</param>
    public void ClearBadBlocksUnder(long sector, long count)
    {
        if (DustEnabled)
        {
            BadBlocks.RemoveWhere(b => b >= sector && b < sector + count);
        }
    }

    /// <summary>A flush: everything cached reaches the media.</summary>
    public void Flush() => Visible.CopyTo(Durable, 0);

    /// <summary>A crash losing every cached write: reads see the media again.</summary>
    public void Crash() => Durable.CopyTo(Visible, 0);
}
