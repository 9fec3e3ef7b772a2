using DmIo.VirtualDevices;

namespace DmIo.Properties;

/// <summary>
/// The scheduler and completion style of one property case, and a way to run a request to its end in either
/// mode: simulated (run the event queue until idle) or real-thread (wait, with a deadline, for the callback).
/// </summary>
internal sealed class IoRig
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30); // a hang fails instead of stalling the run

    /// <summary>Creates a rig for <paramref name="mode"/>.</summary>
    /// <param name="mode">Simulated or real-thread.</param>
    /// <param name="seed">Seeds the simulated scheduler's random source.</param>
    public IoRig(RunMode mode, ulong seed = 0)
    {
        Mode = mode;
        Simulated = mode == RunMode.Simulated ? new SimulatedScheduler(seed) : null;
        Scheduler = Simulated ?? (IIoScheduler)new RealTimeScheduler { WaitTimeout = Deadline };
    }

    /// <summary>The mode.</summary>
    public RunMode Mode { get; }

    /// <summary>The scheduler every device and client of the case uses.</summary>
    public IIoScheduler Scheduler { get; }

    /// <summary>The simulated scheduler, or null in real-thread mode.</summary>
    public SimulatedScheduler? Simulated { get; }

    /// <summary>Runs one request to completion.</summary>
    /// <param name="client">The client.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="flags">The flags.</param>
    /// <param name="memory">The memory.</param>
    /// <param name="regions">The regions.</param>
    /// <param name="async">True to pass a callback.</param>
    /// <returns>The outcome.</returns>
    public RequestOutcome Execute(DmIoClient client, BioOperation operation, BioFlags flags, DmIoMemory memory, IoRegion[] regions, bool async)
    {
        if (!async)
        {
            ulong bits = 0xDEAD_BEEF; // a read refused before I/O must leave this untouched
            int rc = DmIoEngine.Execute(new DmIoRequest { Operation = operation, Flags = flags, Memory = memory, Client = client }, regions, ref bits);
            Simulated?.RunUntilIdle();
            return new RequestOutcome(rc, bits, 0);
        }

        var done = new AsyncCompletion();
        int submitRc = DmIoEngine.Execute(
            new DmIoRequest { Operation = operation, Flags = flags, Memory = memory, Client = client, Notify = AsyncCompletion.Notify, Context = done },
            regions);
        Simulated?.RunUntilIdle();
        if (submitRc != 0)
        {
            // 6.12's dm_io() refuses a multi-region read before any I/O and calls nothing back.
            return new RequestOutcome(submitRc, 0xDEAD_BEEF, done.Calls);
        }

        if (!done.Wait(Deadline))
        {
            throw new TimeoutException($"The callback of {operation} over {regions.Length} region(s) did not run within {Deadline.TotalSeconds} s.");
        }

        int callbackRc = submitRc != 0 ? submitRc : (done.Bits == 0 ? 0 : -Errno.EIO);
        return new RequestOutcome(callbackRc, done.Bits, done.Calls);
    }

    /// <summary>A context for building generated stacks on this rig's scheduler: inline leaves in simulated mode unless asked, scheduled completions in real mode.</summary>
    /// <param name="seed">Seeds the fault devices' choice source.</param>
    /// <param name="scheduledLeaves">In simulated mode, complete leaf bios from scheduler events instead of inline.</param>
    /// <returns>The context, with a fresh fault record.</returns>
    public StackContext StackContext(ulong seed, bool scheduledLeaves = false) =>
        DmIo.Testing.StackContext.For(Scheduler, seed,
            Mode == RunMode.RealThread || scheduledLeaves ? DeviceCompletionMode.Scheduled : DeviceCompletionMode.Inline);

    /// <summary>Lets every scheduled event run: the simulated queue until idle; in real-thread mode, nothing to do.</summary>
    public void Settle() => Simulated?.RunUntilIdle();
}
