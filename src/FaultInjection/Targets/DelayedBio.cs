namespace DmIo.FaultInjection;

/// <summary>A bio a delay device holds until <see cref="Expires"/> (the kernel's <c>dm_delay_info</c>).</summary>
/// <param name="Kind">Which class it belongs to, for the per-class in-flight counts.</param>
/// <param name="Expires">Scheduler time at which it may be sent.</param>
/// <param name="Dispatch">Sends it to its class's device.</param>
internal sealed record DelayedBio(DelayClassKind Kind, long Expires, Action Dispatch);
