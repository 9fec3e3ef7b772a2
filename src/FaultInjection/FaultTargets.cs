using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.FaultInjection;

/// <summary>
/// Wires the kernel-compatible fault targets into a table registry, so dmsetup tables naming
/// <c>flakey</c>, <c>delay</c> and <c>dust</c> build the fault devices of this assembly and <c>error</c> builds an
/// <see cref="ErrorDevice"/> whose failures are recorded, all logging to one <see cref="FaultRecord"/> and drawing
/// from one <see cref="IChoiceSource"/>.
/// </summary>
public static class FaultTargets
{
    /// <summary>The target names <see cref="Register"/> adds or replaces.</summary>
    public static IReadOnlyList<string> Names { get; } = ["error", "flakey", "delay", "dust"];

    /// <summary>
    /// Registers the fault targets in <paramref name="registry"/>, replacing the <c>error</c> factory with one whose
    /// devices report each failure to <paramref name="record"/> (through an <see cref="ErrorTargetRecorder"/>).
    /// </summary>
    /// <param name="registry">The registry to extend.</param>
    /// <param name="record">Where every fault decision is logged.</param>
    /// <param name="choices">Where random choices come from.</param>
    public static void Register(TargetRegistry registry, FaultRecord record, IChoiceSource choices)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(choices);
        registry.Replace("error", args => ErrorDevice.FromTable(args, args.DeviceName, new ErrorTargetRecorder(record, args.Scheduler)));
        Put(registry, "flakey", args => FlakeyDevice.FromTable(args, record, choices));
        Put(registry, "delay", args => DelayDevice.FromTable(args, record, choices));
        Put(registry, "dust", args => DustDevice.FromTable(args, record, choices));
    }

    /// <summary>A default registry (linear, striped, zero) plus every fault target.</summary>
    /// <param name="record">Where every fault decision is logged.</param>
    /// <param name="choices">Where random choices come from.</param>
    /// <returns>The registry.</returns>
    public static TargetRegistry CreateRegistry(FaultRecord record, IChoiceSource choices)
    {
        TargetRegistry registry = TargetRegistry.CreateDefault();
        Register(registry, record, choices);
        return registry;
    }

    private static void Put(TargetRegistry registry, string name, Func<TargetArguments, IBlockDevice> factory)
    {
        if (registry.TryGet(name, out _))
        {
            registry.Replace(name, factory);
        }
        else
        {
            registry.Register(name, factory);
        }
    }
}
