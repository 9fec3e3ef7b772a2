namespace DmIo.VirtualDevices;

/// <summary>When a backend completes the bios it is given.</summary>
public enum DeviceCompletionMode
{
    /// <summary>Inside <see cref="IBlockDevice.Submit"/>, before it returns.</summary>
    Inline,

    /// <summary>Later: bios wait in a queue until the owner drains it, so callers provably return first.</summary>
    Queued,
}
