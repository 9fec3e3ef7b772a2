namespace DmIo.VirtualDevices;

/// <summary>When a backend completes the bios it is given.</summary>
public enum DeviceCompletionMode
{
    /// <summary>Inside <see cref="IBlockDevice.Submit"/>, before it returns.</summary>
    Inline,

    /// <summary>Later: bios wait in a queue until the owner drains it, so callers provably return first.</summary>
    Queued,

    /// <summary>
    /// Later, from the device's <see cref="IIoScheduler"/>: a scheduled event in simulated mode, a thread-pool
    /// thread with <see cref="RealTimeScheduler"/>, so completions race with the submitter as real disks' do.
    /// </summary>
    Scheduled,
}
