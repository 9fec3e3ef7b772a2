namespace DmIo.Clients.Regions;

/// <summary>
/// A region the region hash tracks (6.12's <c>struct dm_region</c>): its number, state, writes in flight and the
/// writes held back while it recovers. <see cref="RegionHash.RecoveryStart"/> hands one out for the mirror to copy,
/// and <see cref="RegionHash.RecoveryEnd"/> takes it back.
/// </summary>
public sealed class Region
{
    internal Region(RegionHash owner, long key, RegionState state)
    {
        Owner = owner;
        Key = key;
        State = state;
        ListNode = new LinkedListNode<Region>(this);
    }

    /// <summary>The region's number (<c>dm_rh_get_region_key</c>).</summary>
    public long Key { get; }

    /// <summary>The region's state.</summary>
    public RegionState State { get; internal set; }

    /// <summary>Writes to the region in flight (<c>pending</c>).</summary>
    public int Pending { get; internal set; }

    /// <summary>How many writes wait for the region's recovery to end.</summary>
    public int DelayedBioCount => DelayedBios.Count;

    /// <summary>The hash the region belongs to.</summary>
    internal RegionHash Owner { get; }

    /// <summary>The region's place on at most one of the hash's lists (clean, quiesced, recovered, failed recovered).</summary>
    internal LinkedListNode<Region> ListNode { get; }

    /// <summary>Writes held back until recovery ends (<c>delayed_bios</c>).</summary>
    internal List<Bio> DelayedBios { get; } = [];

    /// <summary>Takes the region off whichever list it is on (<c>list_del_init</c>).</summary>
    internal void Unlist() => ListNode.List?.Remove(ListNode);

    /// <inheritdoc />
    public override string ToString() => $"region {Key} {State} pending={Pending}";
}
