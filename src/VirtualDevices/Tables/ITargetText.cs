namespace DmIo.VirtualDevices.Tables;

/// <summary>
/// What a device-mapper target prints about itself: its type name, its table arguments (the kernel's
/// <c>STATUSTYPE_TABLE</c>, what <c>dmsetup table</c> shows after <c>&lt;start&gt; &lt;length&gt; &lt;type&gt;</c>) and its
/// status (<c>STATUSTYPE_INFO</c>, what <c>dmsetup status</c> shows there). Every kernel target here implements it
/// with Linux 6.12's exact wording; <see cref="TableDevice"/> assembles the lines of a whole table from it.
/// </summary>
/// <remarks>
/// The one deliberate difference from the kernel: where it prints a device as <c>major:minor</c>, the text here
/// prints the device's <see cref="IBlockDevice.Name"/>, because simulated devices have no device numbers.
/// </remarks>
public interface ITargetText
{
    /// <summary>The target type a table line names, for example <c>linear</c> or <c>flakey</c>.</summary>
    string TargetType { get; }

    /// <summary>The target's table arguments as 6.12 prints them; empty for a target that prints none.</summary>
    string Table { get; }

    /// <summary>The target's status as 6.12 prints it; empty for a target that prints none.</summary>
    string Status { get; }
}
