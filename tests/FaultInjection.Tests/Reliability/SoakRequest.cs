namespace DmIo.FaultInjection.Tests.Reliability;

/// <summary>One async write in the soak: which thread sent it, where, which version of the data, and how often it was answered.</summary>
internal sealed class SoakRequest(long id, int thread, int slot, int version, long submittedAtMs)
{
    private int _callbacks;

    public long Id { get; } = id;

    public int Thread { get; } = thread;

    public int Slot { get; } = slot;

    public int Version { get; } = version;

    public long SubmittedAtMs { get; } = submittedAtMs;

    public ulong ErrorBits { get; private set; }

    public int Callbacks => Volatile.Read(ref _callbacks);

    public ManualResetEventSlim Done { get; } = new();

    /// <summary>Records one answer; returns how many answers there have been (more than 1 is a duplicated callback).</summary>
    public int Answer(ulong errorBits)
    {
        ErrorBits = errorBits;
        return Interlocked.Increment(ref _callbacks);
    }

    /// <summary>Lets the sender reuse the slot; called after the model has taken the answer in, or a newer write could be overtaken by it.</summary>
    public void Finish() => Done.Set();

    public override string ToString() => $"request {Id} (thread {Thread}, slot {Slot}, version {Version}, sent at {SubmittedAtMs} ms, {Callbacks} callback(s))";
}
