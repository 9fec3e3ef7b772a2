using DmIo.Clients.Kcopyd;
using DmIo.FaultInjection;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.Clients.Tests.Kcopyd;

/// <summary>
/// One simulated world for a kcopyd test: a seeded scheduler, named memory devices, dmsetup tables over them (with the
/// kernel's error, delay, flakey and dust targets), a kcopyd client, and a record of every callback.
/// </summary>
internal sealed class KcopydRig
{
    /// <summary>Events a test may run before it is declared hung.</summary>
    public const int MaxEvents = 200_000;

    private readonly DeviceCatalog _catalog = new();
    private readonly DeviceTableParser _parser;

    public KcopydRig(ulong seed = 1, KcopydThrottle? throttle = null)
    {
        Scheduler = new SimulatedScheduler(seed);
        _parser = new DeviceTableParser(_catalog, FaultTargets.CreateRegistry(new FaultRecord(), new RandomChoiceSource(Scheduler.Random)), Scheduler, Scheduler.Random);
        Client = KcopydClient.Create(Scheduler, throttle);
    }

    public SimulatedScheduler Scheduler { get; }

    public KcopydClient Client { get; }

    /// <summary>Every callback so far, in order: (read error, write bits, context, virtual time).</summary>
    public List<(bool ReadError, ulong WriteErrors, object? Context, long AtNanoseconds)> Callbacks { get; } = [];

    /// <summary>A notify delegate that appends to <see cref="Callbacks"/>.</summary>
    public KcopydNotify Notify => (readError, writeErrors, context) => Callbacks.Add((readError, writeErrors, context, Scheduler.NowNanoseconds));

    /// <summary>Adds a dense memory device (a ram disk, as brd: no write-zeroes) filled with <paramref name="fill"/>.</summary>
    public MemoryDevice Memory(string name, long sectors, byte fill = 0)
    {
        var device = new MemoryDevice(name, sectors);
        if (fill != 0)
        {
            byte[] bytes = new byte[sectors << DmIoConstants.SectorShift];
            Array.Fill(bytes, fill);
            device.WriteDirect(0, bytes);
        }

        _catalog.Add(device);
        return device;
    }

    /// <summary>Adds a memory device holding seeded random bytes and returns them.</summary>
    public byte[] RandomMemory(string name, long sectors)
    {
        var device = Memory(name, sectors);
        byte[] bytes = new byte[sectors << DmIoConstants.SectorShift];
        Scheduler.Random.NextBytes(bytes);
        device.WriteDirect(0, bytes);
        return bytes;
    }

    /// <summary>Builds a device from a dmsetup table (lines separated by newlines) and adds it to the catalogue.</summary>
    public TableDevice Table(string name, string table)
    {
        return _parser.Create(name, table);
    }

    public IBlockDevice Device(string name) => _catalog.Get(name);

    /// <summary>Runs the simulation until every job has completed and nothing is pending, failing if it does not within <see cref="MaxEvents"/>.</summary>
    public void RunToIdle()
    {
        for (int i = 0; i < MaxEvents; i++)
        {
            if (!Scheduler.RunNext())
            {
                Assert.True(Client.JobsInFlight == 0,
                    $"The simulation went idle at {Scheduler.NowNanoseconds} ns with {Client.JobsInFlight} kcopyd job(s) still in flight.");
                return;
            }
        }

        Assert.Fail($"The kcopyd jobs did not finish within {MaxEvents} scheduler events ({Client.JobsInFlight} in flight).");
    }

    /// <summary>The single callback of the run; fails unless exactly one happened.</summary>
    public (bool ReadError, ulong WriteErrors, object? Context, long AtNanoseconds) SingleCallback()
    {
        Assert.True(Callbacks.Count == 1, $"Expected exactly one kcopyd callback, got {Callbacks.Count}.");
        return Callbacks[0];
    }

    /// <summary>Reads <paramref name="sectors"/> sectors of a memory device directly.</summary>
    public static byte[] Contents(StorageDeviceBase device, long sector, long sectors)
    {
        byte[] bytes = new byte[sectors << DmIoConstants.SectorShift];
        device.ReadDirect(sector, bytes);
        return bytes;
    }

    /// <summary>Fails naming the first differing byte.</summary>
    public static void SameBytes(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} bytes, got {actual.Length}.");
        int at = expected.SequenceEqual(actual) ? -1 : FirstDifference(expected, actual);
        Assert.True(at < 0, at < 0 ? string.Empty : $"{what}: mismatch at byte {at} (sector {at >> 9}): expected 0x{expected[at]:X2}, got 0x{actual[at]:X2}.");
    }

    /// <summary>Fails unless every byte equals <paramref name="value"/>, naming the first that does not.</summary>
    public static void AllBytes(ReadOnlySpan<byte> actual, byte value, string what)
    {
        int at = actual.IndexOfAnyExcept(value);
        Assert.True(at < 0, at < 0 ? string.Empty : $"{what}: byte {at} (sector {at >> 9}) is 0x{actual[at]:X2}, expected 0x{value:X2}.");
    }

    private static int FirstDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }

        return -1;
    }
}
