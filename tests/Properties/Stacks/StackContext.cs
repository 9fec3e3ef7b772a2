using DmIo.FaultInjection;
using DmIo.VirtualDevices;

namespace DmIo.Properties;

/// <summary>What building a generated stack needs: the rig's scheduler, the shared fault record and choice source.</summary>
/// <param name="Rig">The scheduler and mode.</param>
/// <param name="Record">The independent fault record every fault device writes to.</param>
/// <param name="Choices">Where fault devices draw random choices.</param>
/// <param name="LeafCompletion">How leaf backends complete bios.</param>
internal sealed record StackContext(IoRig Rig, FaultRecord Record, IChoiceSource Choices, DeviceCompletionMode LeafCompletion)
{
    /// <summary>A context for <paramref name="rig"/>: inline leaves in simulated mode unless asked, thread-pool completions in real mode.</summary>
    /// <param name="rig">The rig.</param>
    /// <param name="seed">Seeds the choice source.</param>
    /// <param name="scheduledLeaves">In simulated mode, complete leaf bios from scheduler events instead of inline.</param>
    /// <returns>The context.</returns>
    public static StackContext For(IoRig rig, ulong seed, bool scheduledLeaves = false) =>
        new(rig, new FaultRecord(), new RandomChoiceSource(seed),
            rig.Mode == RunMode.RealThread || scheduledLeaves ? DeviceCompletionMode.Scheduled : DeviceCompletionMode.Inline);
}
