namespace DmIo.VirtualDevices;

/// <summary>
/// Which kernel driver a memory device stands for, by its queue kind, and so which limits it shows when built without
/// any: bio-based is a ram disk (<see cref="QueueLimits.Brd"/>), request-based is a memory-backed <c>null_blk</c>
/// (<see cref="QueueLimits.NullBlk"/>).
/// </summary>
public static class MemoryQueueDefaults
{
    /// <summary>The limits of a memory device of <paramref name="queueKind"/> built without limits.</summary>
    /// <param name="queueKind">The device's queue kind.</param>
    /// <returns><see cref="QueueLimits.Brd"/> or <see cref="QueueLimits.NullBlk"/>.</returns>
    public static QueueLimits LimitsFor(BlockQueueKind queueKind) => queueKind switch
    {
        BlockQueueKind.BioBased => QueueLimits.Brd,
        BlockQueueKind.RequestBased => QueueLimits.NullBlk,
        _ => throw new ArgumentOutOfRangeException(nameof(queueKind), queueKind, "Unknown queue kind."),
    };
}
