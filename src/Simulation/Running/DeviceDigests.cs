using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;
using DmIo.VirtualDevices;

namespace DmIo.Simulation.Running;

/// <summary>
/// Final digests of backends: FNV-1a 64 over every byte of the stable media, read directly (no cache, no fault). Only
/// allocated extents are read; the zeros between them are hashed arithmetically (<see cref="Fnv64.AddZeros"/>), so
/// every backend gets a digest, whatever its size, at the cost of what was written.
/// </summary>
internal static class DeviceDigests
{
    /// <summary>The device's line in a result: its digest, or null for a table or when <paramref name="digest"/> is false.</summary>
    public static DeviceOutcome Outcome(DeviceSpec spec, IBlockDevice device, bool digest = true)
    {
        string kind = spec.Kind.ToString().ToLowerInvariant();
        string? value = spec.Kind == DeviceKind.Table || !digest ? null : Digest(device);
        return new DeviceOutcome(spec.Name, kind, device.CapacitySectors, value);
    }

    /// <summary>The FNV-1a 64 of every byte of <paramref name="device"/>'s media, as 16 hex digits.</summary>
    /// <param name="device">A backend: a store, or the zero backend (all zeros).</param>
    /// <returns>The digest.</returns>
    public static string Digest(IBlockDevice device)
    {
        long capacity = device.CapacitySectors << DmIoConstants.SectorShift;
        var fnv = new Fnv64();
        long next = 0; // the first byte not yet hashed
        if (device is StorageDeviceBase storage)
        {
            storage.VisitAllocatedExtents((offset, bytes) =>
            {
                fnv.AddZeros(offset - next);
                fnv.Add(bytes);
                next = offset + bytes.Length;
            });
        }

        fnv.AddZeros(capacity - next);
        return fnv.ToString();
    }
}
