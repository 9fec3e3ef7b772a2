using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;
using DmIo.VirtualDevices;

namespace DmIo.Simulation.Running;

/// <summary>Final digests of backends: FNV-1a 64 over every byte of the stable media, read directly (no cache, no fault).</summary>
internal static class DeviceDigests
{
    /// <summary>Backends larger than this get no digest (null): hashing a terabyte sparse disk would take minutes.</summary>
    public const long MaxDigestSectors = 1L << 19; // 256 MiB

    public static DeviceOutcome Outcome(DeviceSpec spec, IBlockDevice device)
    {
        string kind = spec.Kind.ToString().ToLowerInvariant();
        if (spec.Kind == DeviceKind.Table || device.CapacitySectors > MaxDigestSectors)
        {
            return new DeviceOutcome(spec.Name, kind, device.CapacitySectors, null);
        }

        var fnv = new Fnv64();
        byte[] chunk = new byte[1 << 20];
        long sectorsPerChunk = chunk.Length / DmIoConstants.SectorSize;
        for (long sector = 0; sector < device.CapacitySectors; sector += sectorsPerChunk)
        {
            int bytes = (int)(Math.Min(sectorsPerChunk, device.CapacitySectors - sector) * DmIoConstants.SectorSize);
            Span<byte> part = chunk.AsSpan(0, bytes);
            if (device is StorageDeviceBase storage)
            {
                storage.ReadDirect(sector, part);
            }
            else
            {
                part.Clear(); // the zero backend
            }

            fnv.Add(part);
        }

        return new DeviceOutcome(spec.Name, kind, device.CapacitySectors, fnv.ToString());
    }
}
