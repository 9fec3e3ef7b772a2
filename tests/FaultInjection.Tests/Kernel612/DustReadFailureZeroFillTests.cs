using DmIo.VirtualDevices;

namespace DmIo.FaultInjection.Tests.Kernel612;

/// <summary>
/// Linux 6.12: dust has max_io_len = its block size, so dm core maps a multi-block read one block at a time and
/// advances the dm-io bio past each; a bad block in the middle fails its piece (nothing written to it), and dm-io's
/// zero_fill_bio then reaches only the last block, which had been read successfully.
/// </summary>
public sealed class DustReadFailureZeroFillTests
{
    private static readonly RealTimeScheduler Scheduler = new() { WaitTimeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public void BadBlockInTheMiddleOfAnEightBlockRead_OnlyTheLastBlockIsZeroed_TheBadBlockKeepsThePrefill()
    {
        var mem = new MemoryDevice("mem0", 64);
        byte[] stored = new byte[64 * 512];
        for (int i = 0; i < stored.Length; i++)
        {
            stored[i] = (byte)((i / 512) + 1);
        }

        mem.WriteDirect(0, stored);
        var dust = new DustDevice("dust0", mem, 0, 64, 4096); // 8 blocks of 8 sectors
        dust.Message("addbadblock", "3");
        dust.Message("enable");
        byte[] buffer = new byte[64 * 512];
        Array.Fill(buffer, (byte)0xAA);
        using DmIoClient client = DmIoClient.Create(1, Scheduler);
        ulong bits = 0;

        int rc = DmIoEngine.Execute(new DmIoRequest { Operation = BioOperation.Read, Memory = DmIoMemory.FromVm(new VmBuffer(buffer)), Client = client },
            [new IoRegion(dust, 0, 64)], ref bits);

        Assert.Equal((-Errno.EIO, 1UL), (rc, bits));
        Assert.Equal(stored.AsSpan(0, 3 * 4096).ToArray(), buffer.AsSpan(0, 3 * 4096).ToArray());       // blocks 0-2: data
        Assert.All(buffer.AsSpan(3 * 4096, 4096).ToArray(), b => Assert.Equal(0xAA, b));                 // block 3: untouched
        Assert.Equal(stored.AsSpan(4 * 4096, 3 * 4096).ToArray(), buffer.AsSpan(4 * 4096, 3 * 4096).ToArray()); // blocks 4-6: data
        Assert.Equal(new byte[4096], buffer.AsSpan(7 * 4096).ToArray());                                   // block 7: read, then zeroed
    }
}
