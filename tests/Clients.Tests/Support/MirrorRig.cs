using System.Runtime.CompilerServices;
using DmIo.Clients.Mirror;
using DmIo.FaultInjection;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.Clients.Tests.Support;

/// <summary>
/// A mirror over memory legs on a simulated scheduler, each leg behind a rules device (<c>leg0</c>, <c>leg1</c>, ...)
/// whose faults a test switches on and off, loaded as a one-line table <c>m</c> the way dmsetup would load it.
/// Requests go through the project's dm-io API as any user's would.
/// </summary>
internal sealed class MirrorRig
{
    /// <summary>How many scheduler events <see cref="Settle"/> runs before it declares the mirror stuck.</summary>
    public const int MaxEvents = 200_000;

    private readonly DmIoClient _client;

    /// <summary>Builds the rig and loads <c>0 &lt;sectors&gt; mirror &lt;arguments&gt;</c>; the legs are named leg0..legN-1.</summary>
    /// <param name="arguments">The mirror's arguments, naming the legs leg0, leg1, ...</param>
    /// <param name="legs">How many legs to create.</param>
    /// <param name="sectors">The mirror's length; each leg is that long.</param>
    /// <param name="legSectors">Each leg's length; the mirror's length when 0.</param>
    /// <param name="extraDevices">More devices table lines may name (a disk log's device).</param>
    public MirrorRig(string arguments, int legs = 2, long sectors = 64, long legSectors = 0, params IBlockDevice[] extraDevices)
    {
        var choices = new RandomChoiceSource(new DeterministicRandom(11));
        var catalog = new DeviceCatalog();
        for (int i = 0; i < legs; i++)
        {
            var media = new MemoryDevice($"media{i}", legSectors == 0 ? sectors : legSectors);
            Media.Add(media);
            var rules = new RuleFaultDevice($"leg{i}", media, Scheduler, choices, Record);
            Legs.Add(rules);
            catalog.Add(rules);
        }

        foreach (IBlockDevice device in extraDevices)
        {
            catalog.Add(device);
        }

        TargetRegistry registry = TargetRegistry.CreateDefault();
        MirrorTargets.Register(registry);
        Table = new DeviceTableParser(catalog, registry, Scheduler, new DeterministicRandom(5)).Create("m", $"0 {sectors} mirror {arguments}");
        Mirror = (MirrorTarget)Table.Segments[0].Target;
        _client = DmIoClient.Create(16, Scheduler);
    }

    /// <summary>The scheduler everything runs on.</summary>
    public SimulatedScheduler Scheduler { get; } = new(3);

    /// <summary>Every fault the legs injected.</summary>
    public FaultRecord Record { get; } = new();

    /// <summary>The legs' media, read directly to see what each leg holds.</summary>
    public List<MemoryDevice> Media { get; } = [];

    /// <summary>The legs' fault devices.</summary>
    public List<RuleFaultDevice> Legs { get; } = [];

    /// <summary>The table device holding the mirror.</summary>
    public TableDevice Table { get; }

    /// <summary>The mirror target.</summary>
    public MirrorTarget Mirror { get; }

    /// <summary>The mirror's status text after the line prefix, as <c>dmsetup status</c> prints it.</summary>
    public string Status => Mirror.Status;

    /// <summary>Makes every bio of <paramref name="op"/> (read or write) to leg <paramref name="leg"/> fail with EIO from now on.</summary>
    public void Kill(int leg, string op = "read,write") => Legs[leg].Message($"add name=dead{op.Replace(',', '_')} op={op} action=fail:ioerr");

    /// <summary>Runs scheduled work until nothing is left, failing the test if the mirror never goes idle.</summary>
    public void Settle()
    {
        for (int i = 0; i < MaxEvents; i++)
        {
            if (!Scheduler.RunNext())
            {
                return;
            }
        }

        Assert.Fail($"the mirror was still busy after {MaxEvents} scheduler events");
    }

    /// <summary>Writes <paramref name="count"/> sectors of <paramref name="fill"/> at <paramref name="sector"/> through dm-io, synchronously.</summary>
    /// <returns>The request's return code.</returns>
    public int Write(long sector, long count, byte fill, BioFlags flags = BioFlags.None)
    {
        byte[] data = new byte[count * DmIoConstants.SectorSize];
        Array.Fill(data, fill);
        return Execute(BioOperation.Write, flags, DmIoMemory.FromVm(new VmBuffer(data)), sector, count);
    }

    /// <summary>Reads <paramref name="count"/> sectors at <paramref name="sector"/> through dm-io, synchronously, into a buffer of 0xEE.</summary>
    /// <returns>The return code and the buffer.</returns>
    public (int Rc, byte[] Data) Read(long sector, long count)
    {
        byte[] data = new byte[count * DmIoConstants.SectorSize];
        Array.Fill(data, (byte)0xEE);
        int rc = Execute(BioOperation.Read, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(data)), sector, count);
        return (rc, data);
    }

    /// <summary>Starts an asynchronous write; the returned box receives the error bits when it completes.</summary>
    public StrongBox<ulong?> WriteAsync(long sector, long count, byte fill)
    {
        byte[] data = new byte[count * DmIoConstants.SectorSize];
        Array.Fill(data, fill);
        var done = new StrongBox<ulong?>();
        var request = new DmIoRequest
        {
            Operation = BioOperation.Write,
            Memory = DmIoMemory.FromVm(new VmBuffer(data)),
            Client = _client,
            Notify = (bits, context) => ((StrongBox<ulong?>)context!).Value = bits,
            Context = done,
        };
        Assert.Equal(0, DmIoEngine.Execute(request, [new IoRegion(Table, sector, count)]));
        return done;
    }

    /// <summary>What leg <paramref name="leg"/>'s medium holds at <paramref name="sector"/>, read around the mirror.</summary>
    public byte[] OnLeg(int leg, long sector, long count)
    {
        byte[] data = new byte[count * DmIoConstants.SectorSize];
        Media[leg].ReadDirect(sector, data);
        return data;
    }

    private int Execute(BioOperation operation, BioFlags flags, DmIoMemory memory, long sector, long count)
    {
        var request = new DmIoRequest { Operation = operation, Flags = flags, Memory = memory, Client = _client };
        int rc = DmIoEngine.Execute(request, [new IoRegion(Table, sector, count)]);
        Settle();
        return rc;
    }
}
