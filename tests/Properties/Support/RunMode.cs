namespace DmIo.Properties;

/// <summary>How a property's I/O runs.</summary>
internal enum RunMode
{
    /// <summary>One thread, a <see cref="SimulatedScheduler"/>: virtual time, events in (time, sequence) order.</summary>
    Simulated,

    /// <summary>A <see cref="RealTimeScheduler"/>: completions arrive on thread-pool threads and timers, racing the submitter.</summary>
    RealThread,
}
