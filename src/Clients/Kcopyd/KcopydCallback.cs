namespace DmIo.Clients.Kcopyd;

/// <summary>
/// A callback prepared ahead of time (<c>dm_kcopyd_prepare_callback</c>) and fired later with
/// <see cref="KcopydClient.DoCallback"/>, so that a completion noticed anywhere is delivered from the kcopyd worker,
/// in order with the client's job callbacks. It counts as a job in flight from preparation until it has run.
/// </summary>
public sealed class KcopydCallback
{
    internal KcopydCallback(KcopydClient owner, KcopydJob job)
    {
        Owner = owner;
        Job = job;
    }

    /// <summary>True once <see cref="KcopydClient.DoCallback"/> has been called for it.</summary>
    public bool IsSubmitted { get; internal set; }

    internal KcopydClient Owner { get; }

    internal KcopydJob Job { get; }
}
