namespace DmIo;

/// <summary>
/// A block device dm-io can issue bios to: memory, files, stacked mappings or fault injectors.
/// </summary>
/// <remarks>
/// <para><b>Completion rule.</b> A device must complete every bio it is given <em>exactly once</em>, by calling
/// <see cref="Bio.Complete(BlkStatus)"/>: never zero times (the request would hang), never twice (the
/// request would be finished early or its pooled objects reused while still in flight).
/// <see cref="Bio.Complete(BlkStatus)"/> throws on a second call so such a bug cannot pass unseen.</para>
/// <para>A device may complete inline, inside <see cref="Submit"/>, or later, from a scheduler event or on any
/// other thread; after completing a bio it must not touch it again, because its owner may reuse it at once.</para>
/// <para>Callers submit through <see cref="BlockLayer.Submit"/>, which fails bios that run past the end of the
/// device or are misaligned before the device sees them, so <see cref="Submit"/> only sees well-formed bios.</para>
/// </remarks>
public interface IBlockDevice
{
    /// <summary>A short name for traces, results and error messages (for example <c>mem0</c>).</summary>
    string Name { get; }

    /// <summary>The device's size in 512-byte sectors.</summary>
    long CapacitySectors { get; }

    /// <summary>What one bio may carry on this device.</summary>
    QueueLimits Limits { get; }

    /// <summary>
    /// Whether the block layer hands this device bios as submitted (bio-based, the default) or split against
    /// <see cref="Limits"/> (request-based). Only <see cref="BlockLayer.Submit"/> reads it.
    /// </summary>
    BlockQueueKind QueueKind => BlockQueueKind.BioBased;

    /// <summary>Starts the bio; the device completes it exactly once, inline or later.</summary>
    /// <param name="bio">A bio that already passed the block layer's checks.</param>
    void Submit(Bio bio);
}
