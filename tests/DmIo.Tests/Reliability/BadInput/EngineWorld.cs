using DmIo.Tests.Support;
using DmIo.VirtualDevices;

namespace DmIo.Tests.Reliability;

/// <summary>
/// A fresh system for one bad-input case: a client, a legacy module with its pool, a 512-byte-sector memory device
/// and a 4096-byte-sector one, both filled with a known pattern. <see cref="NothingChanged"/> says what moved.
/// </summary>
internal sealed class EngineWorld
{
    public const int DeviceSectors = 1024;

    private readonly byte[] _pattern = Patterns.Bytes(DeviceSectors * DmIoConstants.SectorSize, seed: 5);

    public EngineWorld(ResourceLedger ledger)
    {
        Client = ledger.Track(TestClient.Create());
        Legacy = ledger.Track(new DmIoLegacy(TestClient.Scheduler));
        Legacy.Get(1);
        Device = new MemoryDevice("m", DeviceSectors);
        Device4K = new MemoryDevice("m4k", DeviceSectors, QueueLimits.Default with { LogicalBlockSize = 4096, PhysicalBlockSize = 4096 });
        Device.WriteDirect(0, _pattern);
        Device4K.WriteDirect(0, _pattern);
    }

    public DmIoClient Client { get; }

    public DmIoLegacy Legacy { get; }

    public MemoryDevice Device { get; }

    public MemoryDevice Device4K { get; }

    /// <summary>Null when no bio reached either device, both hold their pattern and both pools are full; else what changed.</summary>
    public string? NothingChanged()
    {
        foreach (MemoryDevice d in new[] { Device, Device4K })
        {
            if (d.BiosSubmitted != 0)
            {
                return $"{d.Name} received {d.BiosSubmitted} bio(s)";
            }

            var now = new byte[_pattern.Length];
            d.ReadDirect(0, now);
            if (Patterns.FirstMismatch(_pattern, now) is { } mismatch)
            {
                return $"{d.Name} contents changed: {mismatch}";
            }
        }

        if (Client.FreeIos != Client.IoCapacity || Client.OutstandingBios != 0)
        {
            return $"client pool: {Client.FreeIos}/{Client.IoCapacity} free, {Client.OutstandingBios} bio(s) out";
        }

        DmIoClient legacy = Legacy.Client!;
        return legacy.FreeIos != legacy.IoCapacity || legacy.OutstandingBios != 0 || Legacy.IoCapacity != 4
            ? $"legacy pool: {legacy.FreeIos}/{legacy.IoCapacity} free, size {Legacy.IoCapacity}"
            : null;
    }
}
