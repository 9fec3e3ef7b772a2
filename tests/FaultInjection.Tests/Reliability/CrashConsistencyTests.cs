using DmIo.Tests.Reliability;
using DmIo.VirtualDevices;
using Xunit.Abstractions;

namespace DmIo.FaultInjection.Tests.Reliability;

/// <summary>
/// Crash consistency of the volatile write cache: seeded workloads of plain, FUA and PREFLUSH writes and empty flushes
/// through the dm-io engine onto two write-cached devices whose media complete later (simulated clock), crashed at
/// generated points. After each crash every byte of the crashed device is explained by the model — durable data, or a
/// write the crash report does not declare lost — so every acknowledged flushed or FUA write is intact.
/// </summary>
public sealed class CrashConsistencyTests(ResourceLedger ledger, ITestOutputHelper output) : IClassFixture<ResourceLedger>
{
    private const int Devices = 2;
    private const long Sectors = 64;

    // 40 workloads in CI; DMIO_CRASH_WORKLOADS=400 runs ten times as many (docs/RELIABILITY.md reports such a run).
    private static readonly ulong[] Seeds = [.. Enumerable.Range(1, WorkloadCount()).Select(i => (ulong)i)];

    [Fact]
    public void GeneratedWorkloads_AfterEveryCrash_EveryByteIsExplainedByTheModel()
    {
        int crashes = 0, requests = 0;
        foreach (ulong seed in Seeds)
        {
            (int c, int r, string? failure) = RunWorkload(seed, operations: 400, breakMedia: false);
            Assert.True(failure is null, $"seed {seed}: {failure}");
            crashes += c;
            requests += r;
        }

        output.WriteLine($"crash consistency: {Seeds.Length} seeded workloads, {requests} requests, {crashes} crashes survived with every byte explained");
    }

    [Fact]
    public void Checker_WhenTheMediaIsDamagedAfterACrash_ReportsTheFirstUnexplainedByte()
    {
        (_, _, string? failure) = RunWorkload(seed: 3, operations: 400, breakMedia: true);

        Assert.NotNull(failure);
        Assert.Matches(@"wc\d: sector \d+, byte \d+ \(device offset \d+\): expected one of \[0x[0-9A-F]{2} from durable data.*\], actual 0x[0-9A-F]{2}", failure);
        output.WriteLine(failure);
    }

    private static int WorkloadCount() =>
        int.TryParse(Environment.GetEnvironmentVariable("DMIO_CRASH_WORKLOADS"), out int n) && n > 0 ? n : 40;

    private (int Crashes, int Requests, string? Failure) RunWorkload(ulong seed, int operations, bool breakMedia)
    {
        var sim = new SimulatedScheduler(seed);
        var random = new DeterministicRandom(seed * 7919);
        var record = new FaultRecord();
        var media = new MemoryDevice[Devices];
        var caches = new VolatileWriteCacheDevice[Devices];
        var taps = new WriteTap[Devices];
        var models = new CrashModel[Devices];
        for (int d = 0; d < Devices; d++)
        {
            media[d] = new MemoryDevice($"media{d}", Sectors, completion: DeviceCompletionMode.Scheduled, scheduler: sim);
            caches[d] = new VolatileWriteCacheDevice($"wc{d}", media[d], sim, new RandomChoiceSource(seed + (ulong)d), record, CrashPolicy.Uniform);
            taps[d] = new WriteTap(caches[d]);
            models[d] = new CrashModel(Sectors);
        }

        DmIoClient client = ledger.Track(DmIoClient.Create(pages: 4, sim));
        long seq = 0, nextRequest = 0;
        int crashes = 0, requests = 0;
        for (int op = 0; op < operations; op++)
        {
            int d = (int)random.NextBelow(Devices);
            ulong kind = random.NextBelow(100);
            if (kind < 12)
            {
                for (ulong n = random.NextBelow(4); n > 0 && sim.RunNext(); n--)
                {
                }

                continue;
            }

            if (kind < 16 || op == operations - 1)
            {
                crashes++;
                CrashReport report = caches[d].Crash();
                sim.RunUntilIdle(); // bios waiting at the crash fail; media writes already issued land
                var contents = new byte[Sectors * DmIoConstants.SectorSize];
                media[d].ReadDirect(0, contents);
                if (breakMedia && crashes == 2)
                {
                    contents[(5 * DmIoConstants.SectorSize) + 17] ^= 0x5A; // what a device that wrote a lost write or a stray byte would show
                }

                string? failure = CrashChecker.FirstUnexplainedByte(caches[d].Name, contents, s => models[d].Candidates(s, report));
                if (failure is not null)
                {
                    return (crashes, requests, $"{failure} (crash {crashes}, {report})");
                }

                models[d].Reset(contents);
                continue;
            }

            bool flushOnly = kind < 30;
            bool fua = !flushOnly && kind < 50;
            bool preflush = flushOnly || kind >= 88;
            long count = flushOnly ? 0 : 1 + (long)random.NextBelow(8);
            long sector = flushOnly ? 0 : (long)random.NextBelow((ulong)(Sectors - count + 1));
            CrashModel model = models[d];
            if (model.InFlight(sector, count))
            {
                continue;
            }

            byte[] data = new byte[count * DmIoConstants.SectorSize];
            random.NextBytes(data);
            long request = ++nextRequest;
            long submitSeq = ++seq;
            model.Submitted(request, sector, data);
            WriteTap tap = taps[d];
            BioFlags flags = (fua ? BioFlags.Fua : 0) | (preflush ? BioFlags.Preflush : 0);
            var dmRequest = new DmIoRequest
            {
                Operation = BioOperation.Write,
                Flags = flags,
                Memory = DmIoMemory.FromVm(new VmBuffer(data.Length == 0 ? new byte[DmIoConstants.SectorSize] : data)),
                Client = client,
                Notify = (bits, _) =>
                {
                    long ackSeq = ++seq;
                    if (bits != 0)
                    {
                        model.Failed(request, sector, data, ackSeq);
                        return;
                    }

                    if (preflush)
                    {
                        model.Flushed(submitSeq);
                    }

                    model.Acknowledged(request, sector, data, fua, ackSeq, tap.LastBioAt);
                },
            };
            DmIoEngine.Execute(dmRequest, [new IoRegion(tap, sector, count)]);
            requests++;
        }

        sim.RunUntilIdle();
        return (crashes, requests, null);
    }
}
