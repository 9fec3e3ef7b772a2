using DmIo.FaultInjection;
using DmIo.VirtualDevices;
using FsCheck;
using FsCheck.Fluent;

namespace DmIo.Properties;

/// <summary>
/// Group 2: data moves identically through every memory kind, page offset, bio-vector segmentation, sync/async and
/// mode; device contents do not depend on who wrote them; a failed read is zero-filled where 6.12 zero-fills it.
/// </summary>
public sealed class DataProperties
{
    /// <summary>
    /// Catches: bytes landing at the wrong sector once a region is split (every bio of a region starting at its first
    /// sector); the callback running before the last bio (the reader sees the buffer before the data arrived); a
    /// memory kind, page offset or bio-vector segmentation that moves different bytes from the others.
    /// </summary>
    [DmIoProperty(200)]
    public Property Data_RoundTripsAcrossMemoryKindsModesAndOffsets() =>
        Prop.ForAll(DataGenerators.Cases.ToArbitrary(), RoundTrips);

    /// <summary>
    /// Catches, on each of three stacks (dust under dm-io, a dm device over dust, a request-based queue over dust):
    /// zero_fill_bio from the bio's start instead of its current iterator (zeroes data dm core had advanced past); a
    /// dm piece loop that does not advance the original; a request completion that leaves its iterator (zeroes what
    /// a request-based device read); a failed piece that moves data; error bits combined with <c>&amp;</c>.
    /// </summary>
    [DmIoProperty(200)]
    public Property FailedRead_ZeroFillReachesWhatTheBiosIteratorStillCovers_OnEachStack() =>
        Prop.ForAll(ZeroFillCases.ToArbitrary(), ZeroFillsWhereTheIteratorPoints);

    private static Gen<ZeroFillCase> ZeroFillCases { get; } =
        from stack in Gen.Elements(ZeroFillStack.DustDirect, ZeroFillStack.DmOverDust, ZeroFillStack.RequestBasedOverDust)
        from limits in DmIoGen.Limits
        from reader in DataGenerators.Style
        from sector in Gen.Choose(0, 600)
        from count in Gen.Choose(1, 300)
        from badCount in Gen.Choose(0, 4)
        from bad in Gen.ArrayOf(Gen.Choose(0, 300), badCount)
        from seed in Gen.Choose(0, int.MaxValue)
        select new ZeroFillCase(stack, limits, reader, sector, count, [.. bad.Select(b => (long)(sector + b)).Where(b => b < ZeroFillCase.DeviceSectors).Distinct().Order()], (ulong)seed);

    private static Property RoundTrips(DataCase c)
    {
        byte[] payload = Payload.Sectors(c.Count, c.Seed);
        byte[] expectedDevice = new byte[c.Stack.Capacity * DmIoConstants.SectorSize];
        payload.CopyTo(expectedDevice, c.Sector * DmIoConstants.SectorSize);

        byte[] first = WriteThenDump(c, c.Writer, payload, c.Reader);
        byte[] second = WriteThenDump(c, c.OtherWriter, payload, reader: null);
        Expect.Bytes(expectedDevice, first, $"device contents after writing with {c.Writer}");
        Expect.Bytes(first, second, $"device written with {c.OtherWriter} vs with {c.Writer}");
        return true.ToProperty()
            .Classify(c.Writer.Layout.Kind != c.Reader.Layout.Kind, "reader kind differs from writer")
            .Classify(c.Writer.Mode != c.OtherWriter.Mode, "writers in different modes")
            .Classify(c.Count > 256, "region longer than 256 sectors")
            .Collect($"{c.Writer.Mode}/{c.Writer.Layout.Kind}");
    }

    // Builds a fresh copy of the stack in the writer's mode, writes the payload, optionally reads it back with
    // another style, and returns the whole device as read by a plain sync VM read.
    private static byte[] WriteThenDump(DataCase c, IoStyle writer, byte[] payload, IoStyle? reader)
    {
        var rig = new IoRig(writer.Mode, c.Seed);
        IBlockDevice device = c.Stack.Build(rig.StackContext(c.Seed, scheduledLeaves: writer.Async));
        DmIoClient client = DmIoClient.Create(1, rig.Scheduler);
        IoRegion[] region = [new IoRegion(device, c.Sector, c.Count)];
        LayoutBuffer source = writer.Layout.Allocate(payload.Length);
        source.Write(payload);
        RequestOutcome written = rig.Execute(client, BioOperation.Write, BioFlags.None, source.Memory, region, writer.Async);
        Expect.Equal(0UL, written.ErrorBits, $"error bits of the write with {writer}");
        Expect.Bytes(payload, source.Read(), $"writer's buffer ({writer}) after the write");

        if (reader is not null)
        {
            LayoutBuffer destination = reader.Layout.Allocate(payload.Length);
            destination.Fill(0xEE);
            RequestOutcome read = rig.Execute(client, BioOperation.Read, BioFlags.None, destination.Memory, region, reader.Async);
            Expect.Equal(0UL, read.ErrorBits, $"error bits of the read with {reader}");
            Expect.Bytes(payload, destination.Read(), $"read back with {reader} after writing with {writer}");
        }

        byte[] dump = new byte[device.CapacitySectors * DmIoConstants.SectorSize];
        RequestOutcome dumped = rig.Execute(client, BioOperation.Read, BioFlags.None, DmIoMemory.FromVm(new VmBuffer(dump)),
            [new IoRegion(device, 0, device.CapacitySectors)], async: false);
        Expect.Equal(0UL, dumped.ErrorBits, "error bits of the full-device read");
        client.Dispose();
        return dump;
    }

    private static Property ZeroFillsWhereTheIteratorPoints(ZeroFillCase c)
    {
        var rig = new IoRig(c.Reader.Mode, c.Seed);
        var record = new FaultRecord();
        DeviceCompletionMode completion = c.Reader.Mode == RunMode.RealThread ? DeviceCompletionMode.Scheduled : DeviceCompletionMode.Inline;
        var memory = new MemoryDevice("m", ZeroFillCase.DeviceSectors, QueueLimits.Default, completion, rig.Scheduler);
        byte[] contents = Payload.Sectors(ZeroFillCase.DeviceSectors, c.Seed);
        memory.WriteDirect(0, contents);
        var dust = new DustDevice("dust", memory, 0, ZeroFillCase.DeviceSectors, 512, rig.Scheduler, record);
        foreach (long bad in c.BadSectors)
        {
            dust.Message("addbadblock", bad.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        dust.Message("enable");
        var spy = new BioSpyDevice("spy", dust, c.Limits)
        {
            PassThrough = c.Stack != ZeroFillStack.DmOverDust,
            QueueKind = c.Stack == ZeroFillStack.RequestBasedOverDust ? BlockQueueKind.RequestBased : BlockQueueKind.BioBased,
        };
        long count = Math.Min(c.Count, ZeroFillCase.DeviceSectors - c.Sector);
        LayoutBuffer buffer = c.Reader.Layout.Allocate((int)(count * DmIoConstants.SectorSize));
        buffer.Fill(0xEE);
        DmIoClient client = DmIoClient.Create(1, rig.Scheduler);

        RequestOutcome outcome = rig.Execute(client, BioOperation.Read, BioFlags.None, buffer.Memory, [new IoRegion(spy, c.Sector, count)], c.Reader.Async);
        client.Dispose();

        // The oracle, sector by sector (dust's blocks are one sector): a bad sector's piece fails without moving data
        // (the prefill stays), a good one reads the device. Then each failed bio the spy saw is zero-filled where its
        // iterator still points: all of it above a clone (DmOverDust), its last block-sized piece when dust advanced
        // the bio itself (DustDirect), nothing when a request completion emptied it (RequestBasedOverDust).
        byte[] actual = buffer.Read();
        byte[] expected = new byte[actual.Length];
        Array.Fill(expected, (byte)0xEE);
        int failedBios = 0;
        IReadOnlyList<SpiedBio> bios = spy.Bios;
        foreach (SpiedBio bio in bios)
        {
            for (long s = bio.Sector; s < bio.Sector + bio.Count; s++)
            {
                if (!c.BadSectors.Contains(s))
                {
                    contents.AsSpan((int)(s * DmIoConstants.SectorSize), DmIoConstants.SectorSize)
                        .CopyTo(expected.AsSpan((int)((s - c.Sector) * DmIoConstants.SectorSize)));
                }
            }

            bool failed = c.BadSectors.Any(b => b >= bio.Sector && b < bio.Sector + bio.Count);
            if (!failed)
            {
                continue;
            }

            failedBios++;
            (long zeroFrom, long zeroCount) = c.Stack switch
            {
                ZeroFillStack.DmOverDust => (bio.Sector, bio.Count),
                ZeroFillStack.DustDirect => (bio.Sector + bio.Count - 1, 1L),
                _ => (bio.Sector, 0L),
            };
            expected.AsSpan((int)((zeroFrom - c.Sector) * DmIoConstants.SectorSize), (int)(zeroCount * DmIoConstants.SectorSize)).Clear();
        }

        Expect.Bytes(expected, actual, $"buffer after the read ({failedBios} of {bios.Count} bios failed: {string.Join(' ', bios)})");
        Expect.Equal(failedBios > 0 ? 1UL : 0UL, outcome.ErrorBits, "error bits");
        return true.ToProperty()
            .Classify(failedBios > 0 && failedBios < bios.Count, "some bios failed, others read data")
            .Classify(failedBios == bios.Count && failedBios > 0, "every bio failed")
            .Classify(failedBios == 0, "no bio failed")
            .Collect($"{c.Stack} {c.Reader.Mode}/{c.Reader.Layout.Kind}");
    }
}
