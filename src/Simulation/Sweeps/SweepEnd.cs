namespace DmIo.Simulation.Sweeps;

/// <summary>Why a sweep ended.</summary>
public enum SweepEnd
{
    /// <summary>Every seed of the shard ran.</summary>
    Completed,

    /// <summary>The consumer asked to stop (for example after <c>--max-failures</c> failures).</summary>
    StoppedByConsumer,

    /// <summary>Cancellation was requested (Ctrl-C): the seeds in flight finished, no new ones started.</summary>
    Interrupted,
}
