namespace DmIo;

/// <summary>
/// How a device takes bios from the block layer, as the kernel decides it by what the queue is
/// (a <c>submit_bio</c> driver or a blk-mq queue). <see cref="BlockLayer.Submit"/> reads it; nothing else branches on it.
/// </summary>
public enum BlockQueueKind
{
    /// <summary>
    /// A bio-based driver (brd, every device-mapper target): it receives each bio as submitted and splits it,
    /// if at all, at its own boundaries. Its queue limits are advertised to stackers but not imposed on bios.
    /// </summary>
    BioBased,

    /// <summary>
    /// A request-based (blk-mq) device (null_blk, a real disk): the block layer splits each bio against its queue
    /// limits (<c>bio_split_to_limits</c>) and chains the pieces to the original, which completes after the last piece.
    /// </summary>
    RequestBased,
}
