namespace DmIo.FaultInjection;

/// <summary>
/// The guard every windowed or caching fault target applies first in <c>Submit</c>: a bio outside the device fails
/// with an I/O error, as <see cref="BlockLayer.Submit"/> would have failed it. Only a caller that went around the
/// block layer gets such a bio here; remapping it would reach the device beneath outside this target's window, and a
/// target that acknowledges without the device beneath (drop_writes, drop, a volatile cache) would report success.
/// </summary>
internal static class OutsideDevice
{
    /// <summary>Completes <paramref name="bio"/> with <see cref="BlkStatus.IoError"/> when it does not lie within the device.</summary>
    /// <param name="bio">The bio being submitted.</param>
    /// <param name="capacitySectors">The device's size.</param>
    /// <returns>True when the bio was outside and has been completed; the caller must not touch it again.</returns>
    public static bool FailIfOutside(Bio bio, long capacitySectors)
    {
        if (bio.Sector >= 0 && bio.Sector <= capacitySectors - bio.SectorCount)
        {
            return false;
        }

        bio.Complete(BlkStatus.IoError);
        return true;
    }
}
