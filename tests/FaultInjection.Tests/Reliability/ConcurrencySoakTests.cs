using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using DmIo.Tests.Reliability;
using DmIo.VirtualDevices;
using Xunit.Abstractions;

namespace DmIo.FaultInjection.Tests.Reliability;

/// <summary>
/// Real threads, real timers: several threads submit async three-region writes (one region per device, every device
/// a memory disk under seeded latency under rule-driven faults) through both async APIs, with a pool small enough
/// to make them wait for io objects. Afterwards: every request was answered exactly once, the pools are full, the
/// always-failing zone failed every time, and every slot holds the last write acknowledged for it.
/// Runs ~3 s by default; set DMIO_SOAK_SECONDS for longer.
/// </summary>
public sealed class ConcurrencySoakTests(ResourceLedger ledger, ITestOutputHelper output) : IClassFixture<ResourceLedger>
{
    private const int Devices = 3;
    private const int Threads = 6;
    private const int SlotSectors = 8;
    private const int Slots = 512;          // 4096 sectors per device
    private const int FaultedFirstSlot = 500; // slots 500..511 sit under an always-fail rule
    private const int InFlightPerThread = 3;

    [Fact]
    public void ManyThreads_AsyncMultiRegionWrites_UnderLatencyAndFaults_LoseNothing()
    {
        double seconds = double.TryParse(Environment.GetEnvironmentVariable("DMIO_SOAK_SECONDS"), out double s) && s > 0 ? s : 3;
        var scheduler = new RealTimeScheduler { WaitTimeout = TimeSpan.FromSeconds(30) };
        var record = new FaultRecord();
        var media = new MemoryDevice[Devices];
        var top = new IBlockDevice[Devices];
        for (int d = 0; d < Devices; d++)
        {
            media[d] = new MemoryDevice($"mem{d}", Slots * SlotSectors);
            var latency = new LatencyDevice($"lat{d}", media[d], scheduler, new RandomChoiceSource((ulong)d + 1), LatencyProfile.All(new UniformLatency(0, 300_000)));
            var rules = new RuleFaultDevice($"rules{d}", latency, scheduler, new RandomChoiceSource((ulong)d + 100), record);
            rules.Message($"add name=zone op=write sectors={FaultedFirstSlot * SlotSectors}-{Slots * SlotSectors - 1} action=fail:ioerr");
            rules.Message("add name=random op=write prob=2% action=fail:ioerr");
            top[d] = rules;
        }

        DmIoClient client = ledger.Track(DmIoClient.Create(pages: 2, scheduler)); // 8 io objects for 18 requests in flight: backpressure
        var model = new int?[Devices, Slots]; // last acknowledged version per device and slot; null = unknown (a failed write)
        var written = new bool[Devices, Slots];
        var outstanding = new ConcurrentDictionary<long, SoakRequest>();
        var problems = new ConcurrentQueue<string>();
        long nextId = 0, completed = 0, zoneWrites = 0;
        var clock = Stopwatch.StartNew();
        TimeSpan runFor = TimeSpan.FromSeconds(seconds);

        void Answered(SoakRequest request, ulong bits)
        {
            if (request.Answer(bits) != 1)
            {
                problems.Enqueue($"duplicated callback: {request}");
                return;
            }

            for (int d = 0; d < Devices; d++)
            {
                // One request per slot is in flight at a time, and only its owner thread writes the slot: no race here.
                model[d, request.Slot] = ((bits >> d) & 1) == 0 ? request.Version : null;
                written[d, request.Slot] = true;
            }

            if (request.Slot >= FaultedFirstSlot && bits != (1UL << Devices) - 1)
            {
                problems.Enqueue($"a write into the always-failing zone reported bits 0x{bits:X}: {request}");
            }

            outstanding.TryRemove(request.Id, out _);
            Interlocked.Increment(ref completed);
            request.Finish();
        }

        void Worker(int thread)
        {
            var random = new DeterministicRandom(1000 + (ulong)thread);
            var versions = new int[Slots];
            var inFlight = new List<SoakRequest>();
            int turn = 0;
            while (clock.Elapsed < runFor)
            {
                inFlight.RemoveAll(r => r.Done.IsSet);
                if (inFlight.Count == InFlightPerThread)
                {
                    WaitHandle.WaitAny([.. inFlight.Select(r => r.Done.WaitHandle)], TimeSpan.FromSeconds(1));
                    continue;
                }

                int slot = thread + (Threads * (int)random.NextBelow(Slots / Threads + 1));
                if (slot >= Slots || inFlight.Any(r => r.Slot == slot))
                {
                    continue;
                }

                var request = new SoakRequest(Interlocked.Increment(ref nextId), thread, slot, ++versions[slot], clock.ElapsedMilliseconds);
                if (slot >= FaultedFirstSlot)
                {
                    Interlocked.Increment(ref zoneWrites);
                }

                outstanding[request.Id] = request;
                inFlight.Add(request);
                IoRegion[] regions = [.. top.Select(d => new IoRegion(d, (long)slot * SlotSectors, SlotSectors))];
                DmIoMemory memory = DmIoMemory.FromVm(new VmBuffer(Payload(slot, request.Version)));
                if (turn++ % 2 == 0)
                {
                    var dmRequest = new DmIoRequest { Operation = BioOperation.Write, Memory = memory, Client = client, Notify = (bits, ctx) => Answered((SoakRequest)ctx!, bits), Context = request };
                    DmIoEngine.Execute(dmRequest, regions);
                }
                else
                {
                    _ = client.ExecuteAsync(BioOperation.Write, BioFlags.None, memory, regions)
                        .ContinueWith(t => Answered(request, t.Result.ErrorBits), TaskScheduler.Default);
                }
            }

            foreach (SoakRequest r in inFlight)
            {
                r.Done.Wait(TimeSpan.FromSeconds(30));
            }
        }

        Thread[] workers = [.. Enumerable.Range(0, Threads).Select(t => new Thread(() => Worker(t)) { IsBackground = true, Name = $"soak-{t}" })];
        foreach (Thread w in workers)
        {
            w.Start();
        }

        // The watchdog: a deadlock or a lost callback fails here with the requests still out, instead of hanging the run.
        DateTime deadline = DateTime.UtcNow + runFor + TimeSpan.FromSeconds(45);
        bool finished = workers.All(w => w.Join(deadline - DateTime.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero));
        Assert.True(finished && outstanding.IsEmpty,
            $"watchdog: {(finished ? "workers done" : "workers still running")} after {clock.Elapsed.TotalSeconds:0.0} s; " +
            $"client {client.OutstandingIos} request(s), {client.OutstandingBios} bio(s) outstanding; {outstanding.Count} request(s) unanswered:" +
            Environment.NewLine + string.Join(Environment.NewLine, outstanding.Values.OrderBy(r => r.Id).Take(30)));
        Assert.True(problems.IsEmpty, string.Join(Environment.NewLine, problems.Take(20)));

        int checkedSlots = 0;
        var actual = new byte[SlotSectors * DmIoConstants.SectorSize];
        for (int d = 0; d < Devices; d++)
        {
            for (int slot = 0; slot < Slots; slot++)
            {
                if (written[d, slot] && model[d, slot] is not { } version)
                {
                    continue; // the last write to this slot failed: the device may hold either version
                }

                media[d].ReadDirect((long)slot * SlotSectors, actual);
                byte[] expected = written[d, slot] ? Payload(slot, model[d, slot]!.Value) : new byte[actual.Length];
                int at = actual.AsSpan().CommonPrefixLength(expected);
                Assert.True(at == actual.Length,
                    $"{media[d].Name} slot {slot} (sector {slot * SlotSectors}) byte {at}: expected 0x{expected[Math.Min(at, expected.Length - 1)]:X2} " +
                    $"(version {model[d, slot]?.ToString() ?? "never written"}), got 0x{actual[Math.Min(at, actual.Length - 1)]:X2}");
                checkedSlots++;
            }
        }

        Assert.Equal(Interlocked.Read(ref nextId), Interlocked.Read(ref completed));
        ledger.AssertClean();
        output.WriteLine($"soak: {seconds} s, {Threads} threads, {completed} async 3-region write requests completed exactly once " +
                         $"({zoneWrites} into the failing zone), {record.Count} injected faults, {checkedSlots} device slots checked against the model, " +
                         $"{client.IoCapacity} io objects, pool full at the end");
    }

    // 4 KiB that depend on slot and version everywhere, so a stale or misplaced write is visible at its first byte.
    private static byte[] Payload(int slot, int version)
    {
        var data = new byte[SlotSectors * DmIoConstants.SectorSize];
        for (int i = 0; i < data.Length; i += 8)
        {
            BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(i), ((long)slot << 40) | ((long)version << 16) | (uint)i);
        }

        return data;
    }
}
