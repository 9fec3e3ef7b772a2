namespace DmIo.FaultInjection;

/// <summary>
/// One class of a delay device (reads, writes or flushes): where its bios go and how long they wait first
/// (the kernel's <c>struct delay_class</c>: <c>&lt;device&gt; &lt;offset&gt; &lt;delay&gt;</c>).
/// </summary>
/// <param name="Device">The device the class's bios are remapped to.</param>
/// <param name="OffsetSectors">The sector on <paramref name="Device"/> that the delay device's sector 0 maps to.</param>
/// <param name="DelayMilliseconds">Virtual milliseconds each bio waits before it is sent; 0 sends at once.</param>
public sealed record DelayRoute(IBlockDevice Device, long OffsetSectors, uint DelayMilliseconds);
