using DmIo.FaultInjection;
using DmIo.VirtualDevices;
using FsCheck;
using FsCheck.Fluent;

namespace DmIo.Properties;

/// <summary>
/// Group 4: with thousands of concurrent async requests, a tiny io pool and not-supported regions mixed in, every
/// callback runs exactly once, never before the last bio of its request has completed, with the right bits.
/// </summary>
public sealed class CompletionProperties
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static Gen<(BioOperation, int)> Request { get; } =
        from operation in Gen.Frequency((3, Gen.Constant(BioOperation.Write)), (2, Gen.Constant(BioOperation.Discard)), (1, Gen.Constant(BioOperation.WriteZeroes)))
        from devices in Gen.Choose(1, 7)
        select (operation, devices);

    /// <summary>Cases in <paramref name="mode"/>.</summary>
    private static Gen<CompletionCase> Cases(RunMode mode) =>
        from capacity in Gen.Choose(1, 4)
        from count in Gen.Frequency((2, Gen.Choose(50, 500)), (1, Gen.Choose(1000, 3000)))
        from requests in Gen.ArrayOf(Request, count)
        from seed in Gen.Choose(0, int.MaxValue)
        select new CompletionCase(mode, capacity, requests, (ulong)seed);

    /// <summary>
    /// Simulated mode. Catches: the not-supported path dropping a reference it never took (callback twice, or before
    /// the other regions' bios); the io count starting without the dispatcher's extra reference (callback after the
    /// first bio); error bits combined with <c>&amp;</c>. Also meant for a pool that fails instead of making the
    /// submitter wait (that bug was not injected).
    /// </summary>
    [DmIoProperty(60)]
    public Property Callbacks_RunExactlyOnceAfterTheLastBio_Simulated() =>
        Prop.ForAll(Cases(RunMode.Simulated).ToArbitrary(), Holds);

    /// <summary>
    /// Real-thread mode: completions race the submitter on thread-pool threads and timers. Catches the same injected
    /// bugs as the simulated run, with completions on other threads; also meant for a non-atomic reference count
    /// (callback twice or never), which was not injected.
    /// </summary>
    [DmIoProperty(20)]
    public Property Callbacks_RunExactlyOnceAfterTheLastBio_RealThread() =>
        Prop.ForAll(Cases(RunMode.RealThread).ToArbitrary(), Holds);

    private static Property Holds(CompletionCase c)
    {
        int n = c.Requests.Length;
        var rig = new IoRig(c.Mode, c.Seed);
        long capacity = (long)n * CompletionCase.SlotSectors;
        var noDiscard = new QueueLimits { MaxDiscardSectors = 0, MaxWriteZeroesSectors = 0 };
        var choices = new RandomChoiceSource(c.Seed);
        IBlockDevice a = new MemoryDevice("A", capacity, QueueLimits.Default, DeviceCompletionMode.Scheduled, rig.Scheduler);
        IBlockDevice b = new MemoryDevice("B", capacity, noDiscard, DeviceCompletionMode.Scheduled, rig.Scheduler);
        IBlockDevice cLower = new LatencyDevice("C.lat", new MemoryDevice("C.mem", capacity, QueueLimits.Default), rig.Scheduler, choices,
            LatencyProfile.All(new UniformLatency(0, 100_000)));
        var completedPerSlot = new int[n];
        BioSpyDevice[] spies = [new("A.spy", a), new("B.spy", b), new("C.spy", cLower)];
        foreach (BioSpyDevice spy in spies)
        {
            spy.Completed = bio => Interlocked.Increment(ref completedPerSlot[bio.Sector / CompletionCase.SlotSectors]);
        }

        var calls = new int[n];
        var bits = new ulong[n];
        var completedAtCallback = new int[n];
        using var allDone = new CountdownEvent(n);
        DmIoClient client = DmIoClient.CreateWithIoCapacity(c.IoCapacity, rig.Scheduler);
        byte[] payload = Payload.Sectors(CompletionCase.SlotSectors, c.Seed);
        int maxOutstanding = 0;
        for (int r = 0; r < n; r++)
        {
            (BioOperation operation, int mask) = c.Requests[r];
            IoRegion[] regions = [.. Enumerable.Range(0, 3).Where(d => (mask & (1 << d)) != 0)
                .Select(d => new IoRegion(spies[d], (long)r * CompletionCase.SlotSectors, CompletionCase.SlotSectors))];
            int slot = r;
            var request = new DmIoRequest
            {
                Operation = operation,
                Memory = operation == BioOperation.Write ? DmIoMemory.FromVm(new VmBuffer(payload)) : DmIoMemory.None,
                Client = client,
                Notify = (errorBits, _) =>
                {
                    completedAtCallback[slot] = Volatile.Read(ref completedPerSlot[slot]);
                    bits[slot] = errorBits;
                    if (Interlocked.Increment(ref calls[slot]) == 1)
                    {
                        allDone.Signal();
                    }
                },
            };
            Expect.Equal(0, DmIoEngine.Execute(request, regions), $"return code of async request {r}");
            maxOutstanding = Math.Max(maxOutstanding, client.OutstandingIos);
        }

        rig.Settle();
        Expect.That(allDone.Wait(Deadline), $"{allDone.CurrentCount} of {n} callbacks missing after {Deadline.TotalSeconds} s");
        rig.Settle();
        client.Dispose();

        var biosPerSlot = new int[n];
        foreach (SpiedBio bio in spies.SelectMany(s => s.Bios))
        {
            biosPerSlot[bio.Sector / CompletionCase.SlotSectors]++;
        }

        int unsupportedMixed = 0;
        for (int r = 0; r < n; r++)
        {
            (BioOperation operation, int mask) = c.Requests[r];
            Expect.Equal(1, calls[r], $"callbacks of request {r}");
            Expect.Equal(biosPerSlot[r], completedAtCallback[r], $"bios of request {r} completed when its callback ran");
            int bIndex = Array.IndexOf(Enumerable.Range(0, 3).Where(d => (mask & (1 << d)) != 0).ToArray(), 1);
            bool refused = operation != BioOperation.Write && bIndex >= 0;
            Expect.Equal(refused ? 1UL << bIndex : 0UL, bits[r], $"error bits of request {r} ({operation}, devices {mask})");
            if (refused && mask != 2)
            {
                unsupportedMixed++;
            }
        }

        return true.ToProperty()
            .Classify(unsupportedMixed > 0, "not-supported regions mixed with supported ones")
            .Classify(n >= 1000, "thousands of requests")
            .Classify(maxOutstanding == c.IoCapacity, "pool exhausted")
            .Collect($"{c.Mode}/pool={c.IoCapacity}");
    }
}
