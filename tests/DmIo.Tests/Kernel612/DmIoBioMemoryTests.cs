namespace DmIo.Tests.Kernel612;

/// <summary>
/// Linux 6.12 DM_IO_BIO (bio_dp_init, bio_get_page/bio_next_page): the memory is a bio's vectors walked from its
/// current iterator (bi_iter) on, so a bio advanced part way sends only what is left.
/// </summary>
public sealed class DmIoBioMemoryTests
{
    private static (Bio Bio, byte[] Bytes) SourceBio(int pages, int seed)
    {
        byte[] bytes = Kernel612Client.Pattern(pages * 4096, seed);
        var bio = new Bio();
        bio.Init(BioOperation.Write, BioFlags.None, 0, new BioEndIoAction(_ => { }), 16);
        for (int i = 0; i < pages; i++)
        {
            var page = new Page();
            bytes.AsSpan(i * 4096, 4096).CopyTo(page.Data);
            Assert.Equal(4096, bio.AddPage(page.Memory, new BioSegmentPlace(page, 0)));
        }

        return (bio, bytes);
    }

    [Fact]
    public void WriteFromABioAdvancedPartWay_SendsExactlyTheBytesFromItsIteratorOn()
    {
        (Bio source, byte[] bytes) = SourceBio(4, 21);
        source.Advance(5120); // one page and two sectors: 22 sectors of 32 remain
        var dev = new RecordingDevice("rec0", 1024);
        using DmIoClient client = Kernel612Client.Create();

        var (rc, _) = Kernel612Client.Sync(client, BioOperation.Write, BioFlags.None, DmIoMemory.FromBio(source), new IoRegion(dev, 100, 22));

        Assert.Equal(0, rc);
        Assert.Equal(bytes.AsSpan(5120).ToArray(), dev.Data.Slice(100 * 512, 11264).ToArray());
        Assert.Equal(new byte[512], dev.Data.Slice(99 * 512, 512).ToArray());
        Assert.Equal(new byte[512], dev.Data.Slice(122 * 512, 512).ToArray());
        // Pieces of one page are placed in that page: [P1 1024+3072][P2][P3] = 3 vectors.
        Assert.Equal([3072, 4096, 4096], Assert.Single(dev.Seen).SegmentLengths);
    }

    [Fact]
    public void TwoRequestsFromOneBio_SendTheTwoHalvesToTwoDevices()
    {
        (Bio source, byte[] bytes) = SourceBio(8, 33);
        var first = new RecordingDevice("a", 1024);
        var second = new RecordingDevice("b", 1024);
        using DmIoClient client = Kernel612Client.Create();

        Kernel612Client.Sync(client, BioOperation.Write, BioFlags.None, DmIoMemory.FromBio(source), new IoRegion(first, 0, 32));
        source.Advance(16384);
        Kernel612Client.Sync(client, BioOperation.Write, BioFlags.None, DmIoMemory.FromBio(source), new IoRegion(second, 0, 32));

        Assert.Equal(bytes.AsSpan(0, 16384).ToArray(), first.Data[..16384].ToArray());
        Assert.Equal(bytes.AsSpan(16384).ToArray(), second.Data[..16384].ToArray());
    }
}
