using DmIo.Tests.Reliability;
using DmIo.Tests.Support;

namespace DmIo.Tests;

/// <summary>DESIGN 2.7: a failed read bio has its own part of the buffer zero-filled, nothing more.</summary>
public sealed class ReadFailureTests : IClassFixture<ResourceLedger>
{
    private readonly ResourceLedger _ledger; // fails the class when a pool or bio is not back at the end

    public ReadFailureTests(ResourceLedger ledger) => _ledger = ledger;

    [Theory]
    [InlineData(DmIoMemoryKind.PageList, 0)]
    [InlineData(DmIoMemoryKind.Bvec, 0)]
    [InlineData(DmIoMemoryKind.Vm, 1024)]
    [InlineData(DmIoMemoryKind.Kmem, 0)]
    public void FailedReadBio_ZeroFillsOnlyItsOwnSegments(DmIoMemoryKind kind, int offset)
    {
        using var client = _ledger.Track(TestClient.Create());
        // 24 sectors in bios of at most 8 sectors: the middle bio (sectors 8..15 of the region) fails.
        var dev = new ScriptedDevice("d", 256, QueueLimits.Default with { MaxSectors = 8 });
        byte[] onDisk = Patterns.Bytes(24 * 512, seed: 5);
        onDisk.CopyTo(dev.Data[(32 * 512)..]);
        BufferKit buffer = BufferKit.Create(kind, onDisk.Length, offset);
        buffer.Fill(Enumerable.Repeat((byte)0xEE, onDisk.Length).ToArray());
        dev.Fail = r => r.Operation == BioOperation.Read && r.Sector < 32 + 16 && r.Sector + r.Sectors > 32 + 8 ? BlkStatus.IoError : BlkStatus.Ok;

        var (rc, bits) = Io.Sync(client, BioOperation.Read, buffer.Memory, new IoRegion(dev, 32, 24));

        Assert.Equal(-Errno.EIO, rc);
        Assert.Equal(1UL, bits);
        byte[] read = buffer.ToArray();
        var failedBios = dev.Submitted.Where(b => b.Sector < 32 + 16 && b.Sector + b.Sectors > 32 + 8).ToList();
        Assert.NotEmpty(failedBios);
        for (int i = 0; i < read.Length; i++)
        {
            long sector = 32 + (i / 512);
            bool inFailedBio = failedBios.Any(b => sector >= b.Sector && sector < b.Sector + b.Sectors);
            byte expected = inFailedBio ? (byte)0 : onDisk[i];
            Assert.True(expected == read[i], $"{buffer}: byte {i} (sector {sector}, failed bio: {inFailedBio}) expected 0x{expected:X2}, got 0x{read[i]:X2}");
        }
    }

    [Fact]
    public void FailedWriteBio_LeavesTheSourceBufferUntouched()
    {
        using var client = _ledger.Track(TestClient.Create());
        var dev = new ScriptedDevice("d", 64) { Fail = _ => BlkStatus.IoError };
        byte[] payload = Patterns.Bytes(8 * 512);
        byte[] source = (byte[])payload.Clone();

        var (rc, bits) = Io.Sync(client, BioOperation.Write, DmIoMemory.FromVm(new VmBuffer(source)), new IoRegion(dev, 0, 8));

        Assert.Equal(-Errno.EIO, rc);
        Assert.Equal(1UL, bits);
        Patterns.AssertBytesEqual(payload, source);
    }
}
