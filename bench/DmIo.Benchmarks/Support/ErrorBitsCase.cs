using DmIo.VirtualDevices;

namespace DmIo.Benchmarks.Support;

/// <summary>
/// One case of the error-bits property: up to 8 regions, each on a healthy or a failing device, at a sector
/// and a count (possibly 0). The property: a sync WRITE's error bits have bit i set exactly when region i
/// names a failing device and a non-zero count (DESIGN.md 2.1 and 2.4); the return code is -EIO iff any bit is set.
/// </summary>
/// <param name="Failing">Per region: true when it targets the failing device.</param>
/// <param name="Sectors">Per region: the first sector.</param>
/// <param name="Counts">Per region: the sector count, 0..16.</param>
public sealed record ErrorBitsCase(bool[] Failing, int[] Sectors, int[] Counts)
{
    /// <summary>Sectors on each device; regions stay inside (start below 1024, count at most 16).</summary>
    public const int DeviceSectors = 2048;

    /// <summary>The longest region, in sectors.</summary>
    public const int MaxCount = 16;

    /// <summary>The largest number of regions a case names.</summary>
    public const int MaxRegions = 8;

    /// <summary>The independent model: which bits must be set.</summary>
    /// <returns>The expected error bits.</returns>
    public ulong ExpectedBits()
    {
        ulong bits = 0;
        for (int i = 0; i < Failing.Length; i++)
        {
            if (Failing[i] && Counts[i] > 0)
            {
                bits |= 1UL << i;
            }
        }

        return bits;
    }

    /// <summary>Runs the case through dm-io and checks it against the model.</summary>
    /// <param name="rig">The devices, client and buffer.</param>
    /// <returns>True when the property holds.</returns>
    public bool Holds(ErrorBitsRig rig)
    {
        ArgumentNullException.ThrowIfNull(rig);
        var regions = new IoRegion[Failing.Length];
        for (int i = 0; i < regions.Length; i++)
        {
            regions[i] = new IoRegion(Failing[i] ? rig.Failing : rig.Healthy, Sectors[i], Counts[i]);
        }

        ulong bits = ulong.MaxValue;
        var request = new DmIoRequest { Operation = BioOperation.Write, Memory = rig.Memory, Client = rig.Client };
        int result = DmIoEngine.Execute(request, regions, ref bits);
        ulong expected = ExpectedBits();
        return bits == expected && result == (expected == 0 ? 0 : -Errno.EIO);
    }
}

/// <summary>What every case of the error-bits property runs against: one healthy and one failing device.</summary>
public sealed class ErrorBitsRig
{
    /// <summary>Builds the rig.</summary>
    public ErrorBitsRig()
    {
        Healthy = new MemoryDevice("good", ErrorBitsCase.DeviceSectors);
        Failing = new ErrorDevice("bad", ErrorBitsCase.DeviceSectors);
        Client = DmIoClient.Create(1);
        Memory = DmIoMemory.FromVm(new VmBuffer(new byte[ErrorBitsCase.MaxCount << DmIoConstants.SectorShift]));
    }

    /// <summary>The device every non-failing region names.</summary>
    public MemoryDevice Healthy { get; }

    /// <summary>The device that fails every bio.</summary>
    public ErrorDevice Failing { get; }

    /// <summary>The client requests run on.</summary>
    public DmIoClient Client { get; }

    /// <summary>The source buffer, large enough for the longest region.</summary>
    public DmIoMemory Memory { get; }
}
