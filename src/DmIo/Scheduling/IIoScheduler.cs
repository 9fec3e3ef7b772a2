namespace DmIo;

/// <summary>
/// The one place time and waiting come from. The engine waits for sync I/O and for free io objects through
/// it; devices that complete later schedule their completions on it. A simulated scheduler runs everything
/// on one thread against a virtual clock; a real one uses the thread pool and real time.
/// </summary>
public interface IIoScheduler
{
    /// <summary>Nanoseconds since the scheduler started: virtual time when simulated, elapsed real time otherwise.</summary>
    long NowNanoseconds { get; }

    /// <summary>True when time is virtual and events run on the waiting thread.</summary>
    bool IsSimulated { get; }

    /// <summary>Runs <paramref name="work"/> once, <paramref name="delayNanoseconds"/> from now.</summary>
    /// <param name="delayNanoseconds">The delay; 0 runs it as soon as possible (never inline).</param>
    /// <param name="work">What to run.</param>
    void Schedule(long delayNanoseconds, Action work);

    /// <summary>
    /// Returns once <paramref name="condition"/> holds. A simulated scheduler runs pending events until it does
    /// (and throws <see cref="SimulationStalledException"/> if none are left); a real one blocks the thread.
    /// </summary>
    /// <param name="condition">The condition to wait for.</param>
    void WaitUntil(IoWaitCondition condition);
}
