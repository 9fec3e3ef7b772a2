using DmIo.FaultInjection;
using DmIo.VirtualDevices;

namespace DmIo.Testing;

/// <summary>
/// What building a <see cref="StackNode"/> needs: the scheduler every device completes on, the fault record every
/// fault device writes its decisions to, the seeded choice source fault devices draw from, and how leaf backends
/// complete bios.
/// </summary>
/// <param name="Scheduler">The scheduler the devices use.</param>
/// <param name="Record">The independent fault record every fault device writes to.</param>
/// <param name="Choices">Where fault and latency devices draw their random choices.</param>
/// <param name="LeafCompletion">How leaf backends complete bios: inline in the submitter, or from scheduler events.</param>
public sealed record StackContext(IIoScheduler Scheduler, FaultRecord Record, IChoiceSource Choices, DeviceCompletionMode LeafCompletion)
{
    /// <summary>A context with a fresh fault record and a choice source seeded with <paramref name="seed"/>.</summary>
    /// <param name="scheduler">The scheduler the devices use.</param>
    /// <param name="seed">Seeds the choice source, so the same seed makes the same fault decisions.</param>
    /// <param name="leafCompletion">How leaf backends complete bios.</param>
    /// <returns>The context.</returns>
    public static StackContext For(IIoScheduler scheduler, ulong seed, DeviceCompletionMode leafCompletion = DeviceCompletionMode.Inline) =>
        new(scheduler, new FaultRecord(), new RandomChoiceSource(seed), leafCompletion);
}
