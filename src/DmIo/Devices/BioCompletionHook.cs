namespace DmIo;

/// <summary>
/// Watches a bio complete without cloning it (the pattern of dm's <c>dm_hook_bio</c> / <c>dm_bio_restore</c>): an
/// observer attaches to the very bio, which then goes on to the device below unchanged, so that device splits,
/// advances and completes it exactly as if nothing were watching. At completion the observer hears about the bio
/// as it was submitted (the device may have advanced its iterator or the block layer stripped flags), then the bio
/// goes back to its own completion handler. One hook per bio; it is not reused.
/// </summary>
public abstract class BioCompletionHook : IBioEndIo
{
    private readonly Bio _asSubmitted = new(); // sector, size, flags and memory at attach time
    private IBioEndIo? _saved;                 // the bio's own handler, restored at completion

    /// <summary>Remembers <paramref name="bio"/> as it is now and takes over its completion until it completes.</summary>
    /// <param name="bio">An initialised bio about to be submitted.</param>
    public void Attach(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        if (_saved is not null)
        {
            throw new InvalidOperationException("A completion hook watches one bio.");
        }

        _saved = bio.EndIoHandler;
        _asSubmitted.Init(bio.Operation, bio.Flags, bio.Sector, this, vecCapacity: 0);
        _asSubmitted.CloneRangeOf(bio, 0, bio.Size);
        _asSubmitted.Id = bio.Id;
        _asSubmitted.Priority = bio.Priority;
        bio.EndIoHandler = this;
    }

    /// <inheritdoc />
    public void EndIo(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        IBioEndIo saved = _saved!;
        bio.EndIoHandler = saved;
        Completed(_asSubmitted, bio.Status);
        saved.EndIo(bio);
    }

    /// <summary>The watched bio completed; called before its own handler runs.</summary>
    /// <param name="asSubmitted">A view of the bio as it was when attached (its memory is the bio's own).</param>
    /// <param name="status">The bio's status.</param>
    protected abstract void Completed(Bio asSubmitted, BlkStatus status);
}
