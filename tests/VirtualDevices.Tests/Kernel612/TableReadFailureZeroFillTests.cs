using DmIo.VirtualDevices.Tables;

namespace DmIo.VirtualDevices.Tests.Kernel612;

/// <summary>
/// Observed on a Debian 6.12.117 kernel, and what Linux 6.12 code gives: dm core maps a read piece by piece
/// (dm_split_and_process_bio) and advances the dm-io bio past each piece, so when a piece fails, dm-io's endio
/// zero_fill_bio reaches only the last piece. Table "linear 0-31, error 32-63": 0-31 carry the data, 32-63 zero.
/// Table "error 0-31, linear 32-63": 0-31 are untouched (keep the prefill), 32-63 were read and then zeroed.
/// </summary>
public sealed class TableReadFailureZeroFillTests
{
    private static readonly RealTimeScheduler Scheduler = new() { WaitTimeout = TimeSpan.FromSeconds(30) };
    private readonly DeviceCatalog _catalog = new();
    private readonly MemoryDevice _mem = new("mem0", 64);
    private readonly byte[] _stored = new byte[64 * 512];

    public TableReadFailureZeroFillTests()
    {
        for (int i = 0; i < _stored.Length; i++)
        {
            _stored[i] = (byte)((i / 512) + 1); // sector n holds n + 1: never 0, never 0xAA
        }

        _mem.WriteDirect(0, _stored);
        _catalog.Add(_mem);
    }

    private (int Rc, ulong Bits, byte[] Buffer) Read(string table)
    {
        TableDevice vol = new DeviceTableParser(_catalog).Parse("vol", table);
        byte[] buffer = new byte[64 * 512];
        Array.Fill(buffer, (byte)0xAA);
        using DmIoClient client = DmIoClient.Create(1, Scheduler);
        ulong bits = 0;
        int rc = DmIoEngine.Execute(new DmIoRequest { Operation = BioOperation.Read, Memory = DmIoMemory.FromVm(new VmBuffer(buffer)), Client = client },
            [new IoRegion(vol, 0, 64)], ref bits);
        return (rc, bits, buffer);
    }

    [Fact]
    public void LinearThenError_ReadAll_FirstHalfCarriesTheData_SecondHalfIsZeroed()
    {
        var (rc, bits, buffer) = Read("0 32 linear mem0 0\n32 32 error");

        Assert.Equal((-Errno.EIO, 1UL), (rc, bits));
        Assert.Equal(_stored.AsSpan(0, 16384).ToArray(), buffer.AsSpan(0, 16384).ToArray());
        Assert.Equal(new byte[16384], buffer.AsSpan(16384).ToArray());
    }

    [Fact]
    public void ErrorThenLinear_ReadAll_FirstHalfKeepsThePrefill_SecondHalfWasReadThenZeroed()
    {
        var (rc, bits, buffer) = Read("0 32 error\n32 32 linear mem0 32");

        Assert.Equal((-Errno.EIO, 1UL), (rc, bits));
        Assert.All(buffer.AsSpan(0, 16384).ToArray(), b => Assert.Equal(0xAA, b));
        Assert.Equal(new byte[16384], buffer.AsSpan(16384).ToArray());
    }

    [Fact]
    public void LinearOnly_ReadAll_SucceedsWithTheData()
    {
        var (rc, bits, buffer) = Read("0 32 linear mem0 0\n32 32 linear mem0 32");

        Assert.Equal((0, 0UL), (rc, bits));
        Assert.Equal(_stored, buffer);
    }
}
