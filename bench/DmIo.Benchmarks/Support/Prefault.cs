using DmIo.VirtualDevices;

namespace DmIo.Benchmarks.Support;

/// <summary>
/// Touches every page of a fresh memory device once during setup (<see cref="PageAligned"/> does the same for
/// the baselines' arrays). A new large array is only reserved:
/// its first write to each page takes a page fault in which the kernel zeroes the page, and whichever benchmark
/// got there first would pay for it (seen as a 2x swing between rows sharing one 256 MiB working set).
/// </summary>
public static class Prefault
{
    private static readonly byte[] Zeros = new byte[1 << 20];

    /// <summary>Writes zeros over the whole device, bypassing dm-io.</summary>
    /// <param name="device">The device to fault in.</param>
    /// <returns><paramref name="device"/>.</returns>
    public static T Touch<T>(T device)
        where T : StorageDeviceBase
    {
        ArgumentNullException.ThrowIfNull(device);
        for (long offset = 0; offset < device.CapacityBytes; offset += Zeros.Length)
        {
            int length = (int)Math.Min(Zeros.Length, device.CapacityBytes - offset);
            device.WriteDirect(offset >> DmIoConstants.SectorShift, Zeros.AsSpan(0, length));
        }

        return device;
    }
}
