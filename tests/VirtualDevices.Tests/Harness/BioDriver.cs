namespace DmIo.VirtualDevices.Tests.Harness;

/// <summary>
/// Issues bios straight to a device under test, the way the engine would — through <see cref="BlockLayer.Submit"/>,
/// split wherever the device's limits say — but with deliberately uneven memory segments (one block, three
/// blocks, a page, ...) so mappings must slice segments at chunk and segment boundaries.
/// </summary>
public static class BioDriver
{
    /// <summary>Moves <paramref name="buffer"/> to or from the device at <paramref name="sector"/> and waits.</summary>
    /// <param name="dut">The device.</param>
    /// <param name="operation">Read or write.</param>
    /// <param name="sector">The first sector.</param>
    /// <param name="buffer">The data: a whole number of logical blocks.</param>
    /// <param name="flags">Flags for every bio.</param>
    /// <returns>The first non-OK status, or OK.</returns>
    public static BlkStatus Transfer(DeviceUnderTest dut, BioOperation operation, long sector, Memory<byte> buffer, BioFlags flags = BioFlags.None)
    {
        QueueLimits limits = dut.Device.Limits;
        int block = limits.LogicalBlockSize;
        int[] pattern = [block, 3 * block, DmIoConstants.PageSize, 2 * block, 5 * block];
        using var waiter = new BioWaiter();
        var bios = new List<Bio>();
        int offset = 0;
        int turn = 0;
        while (offset < buffer.Length)
        {
            var bio = new Bio();
            bio.Init(operation, flags, sector + (offset >> DmIoConstants.SectorShift), waiter);
            while (offset < buffer.Length)
            {
                int size = (int)Math.Min(Math.Min(pattern[turn % pattern.Length], limits.MaxSegmentSize), buffer.Length - offset);
                if (!bio.TryAddSegment(buffer.Slice(offset, size)))
                {
                    break;
                }

                offset += size;
                turn++;
            }

            bios.Add(bio);
        }

        return SubmitAll(dut, waiter, bios);
    }

    /// <summary>Issues a discard or write-zeroes over [<paramref name="sector"/>, +<paramref name="sectors"/>), chunked by the device's limit.</summary>
    /// <param name="dut">The device.</param>
    /// <param name="operation">Discard or write-zeroes.</param>
    /// <param name="sector">The first sector.</param>
    /// <param name="sectors">How many sectors.</param>
    /// <returns>The first non-OK status, or OK.</returns>
    public static BlkStatus Dataless(DeviceUnderTest dut, BioOperation operation, long sector, long sectors)
    {
        long max = operation == BioOperation.Discard ? dut.Device.Limits.MaxDiscardSectors : dut.Device.Limits.MaxWriteZeroesSectors;
        if (max == 0)
        {
            max = sectors; // unsupported: one bio, which the block layer must refuse
        }

        using var waiter = new BioWaiter();
        var bios = new List<Bio>();
        for (long done = 0; done < sectors; done += max)
        {
            var bio = new Bio();
            bio.Init(operation, BioFlags.None, sector + done, waiter);
            bio.SetDatalessSize(Math.Min(max, sectors - done) << DmIoConstants.SectorShift);
            bios.Add(bio);
        }

        return SubmitAll(dut, waiter, bios);
    }

    /// <summary>Submits bios built with <paramref name="waiter"/> as their end_io and waits for all of them.</summary>
    /// <param name="dut">The device.</param>
    /// <param name="waiter">The bios' end_io.</param>
    /// <param name="bios">The bios.</param>
    /// <returns>The first non-OK status, or OK.</returns>
    public static BlkStatus SubmitAll(DeviceUnderTest dut, BioWaiter waiter, IReadOnlyList<Bio> bios)
    {
        foreach (Bio bio in bios)
        {
            BlockLayer.Submit(dut.Device, bio);
        }

        dut.WaitFor(() => waiter.Completed == bios.Count, waiter.Signal);
        return bios.Select(b => b.Status).FirstOrDefault(s => s != BlkStatus.Ok, BlkStatus.Ok);
    }

    /// <summary>Reads <paramref name="bytes"/> bytes at <paramref name="sector"/>, asserting success.</summary>
    /// <param name="dut">The device.</param>
    /// <param name="sector">The first sector.</param>
    /// <param name="bytes">How many bytes.</param>
    /// <returns>What was read.</returns>
    public static byte[] Read(DeviceUnderTest dut, long sector, int bytes)
    {
        byte[] buffer = new byte[bytes];
        new DeterministicRandom(1).NextBytes(buffer); // poison, so a read that moves nothing cannot pass as zeros
        BlkStatus status = Transfer(dut, BioOperation.Read, sector, buffer);
        Assert.True(status == BlkStatus.Ok, $"{dut.Kind}: read of {bytes} bytes at sector {sector} failed with {status}.");
        return buffer;
    }

    /// <summary>Writes <paramref name="data"/> at <paramref name="sector"/>, asserting success.</summary>
    /// <param name="dut">The device.</param>
    /// <param name="sector">The first sector.</param>
    /// <param name="data">The bytes.</param>
    public static void Write(DeviceUnderTest dut, long sector, byte[] data)
    {
        BlkStatus status = Transfer(dut, BioOperation.Write, sector, data);
        Assert.True(status == BlkStatus.Ok, $"{dut.Kind}: write of {data.Length} bytes at sector {sector} failed with {status}.");
    }
}
