namespace DmIo.FaultInjection;

/// <summary>
/// The independent log of every fault decision, kept apart from the engine so a test can check the error bits
/// a caller saw against what was actually injected. Thread-safe; shared by every fault device of a run.
/// </summary>
public sealed class FaultRecord
{
    private readonly object _lock = new();                 // guards _decisions
    private readonly List<FaultDecision> _decisions = [];  // in the order they were made

    /// <summary>Appends a decision, stamping its sequence number.</summary>
    /// <param name="timeNanoseconds">Scheduler time.</param>
    /// <param name="device">The fault device's name.</param>
    /// <param name="bio">The affected bio, or null for a crash loss.</param>
    /// <param name="operation">The operation affected.</param>
    /// <param name="sector">First sector affected.</param>
    /// <param name="count">Sectors affected.</param>
    /// <param name="rule">What triggered it.</param>
    /// <param name="action">What was done.</param>
    /// <param name="status">The status the bio completed with.</param>
    /// <returns>The stored decision.</returns>
    public FaultDecision Add(long timeNanoseconds, string device, Bio? bio, BioOperation operation, long sector, long count,
        string rule, string action, BlkStatus status)
    {
        lock (_lock)
        {
            var decision = new FaultDecision(_decisions.Count, timeNanoseconds, device, bio?.Id ?? 0, operation, sector, count, rule, action, status);
            _decisions.Add(decision);
            return decision;
        }
    }

    /// <summary>Number of decisions so far.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _decisions.Count;
            }
        }
    }

    /// <summary>The decision with sequence number <paramref name="index"/>, without copying the others.</summary>
    /// <param name="index">At least 0 and below <see cref="Count"/>.</param>
    /// <returns>The decision.</returns>
    public FaultDecision At(int index)
    {
        lock (_lock)
        {
            return _decisions[index];
        }
    }

    /// <summary>A copy of every decision so far, in order.</summary>
    /// <returns>The decisions.</returns>
    public IReadOnlyList<FaultDecision> Snapshot()
    {
        lock (_lock)
        {
            return [.. _decisions];
        }
    }

    /// <summary>Forgets every decision (between independent runs).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _decisions.Clear();
        }
    }
}
