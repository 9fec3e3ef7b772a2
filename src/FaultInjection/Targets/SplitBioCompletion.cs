namespace DmIo.FaultInjection;

/// <summary>
/// Completes a parent bio once every piece it was split into has finished, with the first error any piece saw
/// (device-mapper's per-io reference count). It starts with one extra reference, dropped by <see cref="Submitted"/>
/// after the last piece is issued, so the parent cannot complete while pieces are still being sent.
/// </summary>
internal sealed class SplitBioCompletion
{
    private readonly Bio _parent;   // completed exactly once, when _pending reaches 0
    private int _pending = 1;       // pieces in flight plus the submitter's reference
    private int _status;            // first non-OK status (as int for Interlocked), 0 = OK

    /// <summary>Tracks <paramref name="parent"/>, already failed with <paramref name="initialStatus"/> when a piece failed up front.</summary>
    /// <param name="parent">The bio to complete.</param>
    /// <param name="initialStatus">The status pieces decided before any was sent.</param>
    public SplitBioCompletion(Bio parent, BlkStatus initialStatus)
    {
        _parent = parent;
        _status = (int)initialStatus;
    }

    /// <summary>Counts one more piece in flight; call before submitting it.</summary>
    public void PieceIssued() => Interlocked.Increment(ref _pending);

    /// <summary>A piece finished with <paramref name="status"/>.</summary>
    /// <param name="status">Its status.</param>
    public void PieceDone(BlkStatus status)
    {
        if (status != BlkStatus.Ok)
        {
            Interlocked.CompareExchange(ref _status, (int)status, 0);
        }

        Release();
    }

    /// <summary>Drops the submitter's reference once every piece has been issued.</summary>
    public void Submitted() => Release();

    private void Release()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _parent.Complete((BlkStatus)Volatile.Read(ref _status));
        }
    }
}
