using DmIo.VirtualDevices;

namespace DmIo.FaultInjection.Tests.Simulation;

/// <summary>
/// A small multi-request dm-io workload on a simulated stack, traced:
/// engine -> disk0 (tracing) -> lat0 (latency) -> rules0 (probabilistic rules) -> mem0 (memory).
/// Eight async writes, one two-region write, then eight async reads, all in flight together per phase.
/// </summary>
internal sealed class SimulatedWorkload
{
    public const int Requests = 8;
    public const int RequestSectors = 16;

    /// <summary>The rules every run installs; probabilistic, so the seed (or a replayed trace) decides what fails.</summary>
    public static readonly string[] RuleMessages =
    [
        "add name=flaky op=write prob=0.3 action=fail:ioerr",
        "add name=rot op=read prob=0.25 action=corrupt:2",
        "add name=lost op=write sectors=600-799 nth=1 action=drop",
    ];

    /// <summary>Runs the workload.</summary>
    /// <param name="seed">Seeds the choice source (ignored for choices when <paramref name="replay"/> is given).</param>
    /// <param name="replay">A trace whose choices are fed back and whose lines every new line is checked against.</param>
    /// <param name="moveRequest">A request index whose write is aimed 8 sectors further (a deliberately changed run), or -1.</param>
    public static WorkloadResult Run(ulong seed, TraceLog? replay = null, int moveRequest = -1)
    {
        var scheduler = new SimulatedScheduler(seed);
        var trace = new TraceRecorder(scheduler, replay);
        var record = new FaultRecord();
        trace.Attach(record);
        IChoiceSource source = replay is null ? new RandomChoiceSource(scheduler.Random) : new ReplayChoiceSource(replay);
        var choices = new RecordingChoiceSource(source, trace);

        var mem = new MemoryDevice("mem0", 1024);
        var rules = new RuleFaultDevice("rules0", mem, scheduler, choices, record);
        foreach (string message in RuleMessages)
        {
            rules.Message(message);
        }

        var profile = new LatencyProfile
        {
            Read = new UniformLatency(50_000, 2_000_000),
            Write = new ExponentialLatency(100_000, 400_000),
        };
        var latency = new LatencyDevice("lat0", rules, scheduler, choices, profile);
        var disk = new TracingDevice("disk0", latency, trace);
        // Not `using`: a divergence aborts the run with bios in flight, and disposing then would hide it.
        DmIoClient client = DmIoClient.Create(4, scheduler);

        var bits = new ulong[(2 * Requests) + 1];
        var reads = new byte[Requests][];
        void Submit(int index, BioOperation op, byte[] buffer, IoRegion[] regions)
        {
            var request = new DmIoRequest
            {
                Operation = op,
                Memory = DmIoMemory.FromVm(new VmBuffer(buffer)),
                Client = client,
                Notify = (errorBits, _) =>
                {
                    bits[index] = errorBits;
                    trace.Mark($"request {index} done: error_bits=0x{errorBits:x}");
                },
            };
            Assert.Equal(0, DmIoEngine.Execute(request, regions));
        }

        for (int i = 0; i < Requests; i++)
        {
            long sector = (i * 2L * RequestSectors) + (i == moveRequest ? 8 : 0);
            Submit(i, BioOperation.Write, Bios.Pattern(RequestSectors, (byte)i), [new IoRegion(disk, sector, RequestSectors)]);
        }

        Submit(2 * Requests, BioOperation.Write, Bios.Pattern(RequestSectors, 0xEE), [new IoRegion(disk, 600, RequestSectors), new IoRegion(disk, 700, RequestSectors)]);
        scheduler.RunUntilIdle();

        for (int i = 0; i < Requests; i++)
        {
            reads[i] = new byte[RequestSectors * 512];
            Submit(Requests + i, BioOperation.Read, reads[i], [new IoRegion(disk, i * 2L * RequestSectors, RequestSectors)]);
        }

        scheduler.RunUntilIdle();
        trace.Finish();
        client.Dispose();

        byte[] media = new byte[mem.CapacitySectors * 512];
        mem.ReadDirect(0, media);
        return new WorkloadResult(trace.Lines, trace.ToBytes(), bits, reads, media, record.Snapshot());
    }
}

/// <summary>What one run of <see cref="SimulatedWorkload"/> produced.</summary>
internal sealed record WorkloadResult(
    IReadOnlyList<string> Lines, byte[] TraceBytes, ulong[] ErrorBits, byte[][] Reads, byte[] Media, IReadOnlyList<FaultDecision> Faults);
