using DmIo.VirtualDevices.Tables;

namespace DmIo.Clients.Mirror;

/// <summary>Wires the <c>mirror</c> target (dm-raid1 of Linux 6.12) into a table registry.</summary>
public static class MirrorTargets
{
    /// <summary>The target names <see cref="Register"/> adds.</summary>
    public static IReadOnlyList<string> Names { get; } = ["mirror"];

    /// <summary>Adds the <c>mirror</c> target to <paramref name="registry"/>; its lines build <see cref="MirrorTarget"/>s.</summary>
    /// <param name="registry">The registry to extend; <c>mirror</c> must not be registered yet.</param>
    public static void Register(TargetRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register("mirror", MirrorTarget.FromTable);
    }
}
