namespace DmIo.VirtualDevices.Tests.Harness;

/// <summary>A fact that only runs on Linux (it needs fallocate and statx); elsewhere it is reported as skipped.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> off Linux.</summary>
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Needs Linux: hole punching and allocated-block counts use fallocate and statx.";
        }
    }
}
