namespace DmIo.VirtualDevices.Tests.Harness;

/// <summary>The measured workload: 4 KiB writes at random page-aligned places, through the block layer.</summary>
public static class RandomPageWrites
{
    /// <summary>Writes <paramref name="count"/> random pages of random bytes to <paramref name="device"/>.</summary>
    /// <param name="device">A device that completes inline.</param>
    /// <param name="count">How many writes.</param>
    /// <param name="seed">The seed for places and contents.</param>
    /// <returns>The distinct page-aligned sectors written, counted by the test itself.</returns>
    public static HashSet<long> Run(IBlockDevice device, int count, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        long pages = device.CapacitySectors / DmIoConstants.SectorsPerPage;
        byte[] page = new byte[DmIoConstants.PageSize];
        var written = new HashSet<long>();
        var endIo = new BioEndIoAction(bio => Assert.Equal(BlkStatus.Ok, bio.Status));
        var bio = new Bio();
        for (int i = 0; i < count; i++)
        {
            long sector = random.NextInRange(0, pages) * DmIoConstants.SectorsPerPage;
            random.NextBytes(page);
            bio.Init(BioOperation.Write, BioFlags.None, sector, endIo);
            bio.TryAddSegment(page);
            BlockLayer.Submit(device, bio);
            Assert.True(bio.IsCompleted);
            written.Add(sector);
        }

        return written;
    }
}
