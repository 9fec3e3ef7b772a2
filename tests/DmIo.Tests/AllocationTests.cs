using DmIo.Tests.Support;
using DmIo.VirtualDevices;

namespace DmIo.Tests;

/// <summary>The hot path — a sync 4 KiB write to an in-memory device — allocates nothing once warm.</summary>
public sealed class AllocationTests
{
    /// <summary>
    /// Less than one byte per I/O over 10,000 I/Os. The smallest object is 24 bytes, so any per-I/O allocation
    /// would show as at least 240,000 bytes; what this tolerates is a one-off from tiered JIT promotion, which
    /// was seen (3,656 bytes once, with a short warm-up) to land on the measuring thread.
    /// </summary>
    private const long FixedJitAllowance = 10_000;

    [Theory]
    [InlineData(DmIoMemoryKind.PageList)]
    [InlineData(DmIoMemoryKind.Bvec)]
    [InlineData(DmIoMemoryKind.Vm)]
    [InlineData(DmIoMemoryKind.Kmem)]
    public void SyncWrite4K_AllocatesNothingInSteadyState(DmIoMemoryKind kind)
    {
        using var client = TestClient.Create();
        var dev = new MemoryDevice("mem", 1 << 14);
        BufferKit buffer = BufferKit.Create(kind, 4096);
        buffer.Fill(Patterns.Bytes(4096));
        var request = new DmIoRequest { Operation = BioOperation.Write, Memory = buffer.Memory, Client = client };
        var regions = new IoRegion[1];
        ulong bits = 0;

        // Warm up: JIT, pools and first-use paths allocate once, and so does the device's first write to each of its
        // 64 KiB chunks, so the warm-up covers every sector the measured loop writes.
        for (int i = 0; i < 3000; i++)
        {
            regions[0] = new IoRegion(dev, (i % 2000) * 8, 8);
            DmIoEngine.Execute(request, regions, ref bits);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            regions[0] = new IoRegion(dev, (i % 2000) * 8, 8);
            if (DmIoEngine.Execute(request, regions, ref bits) != 0)
            {
                Assert.Fail($"I/O {i} failed with bits {bits}");
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < FixedJitAllowance, $"{kind}: 10,000 sync 4 KiB writes allocated {allocated} bytes");
    }

    [Fact]
    public void SyncRead4K_AllocatesNothingInSteadyState()
    {
        var legacy = new DmIoLegacy(TestClient.Scheduler);
        legacy.Get(1);
        var dev = new MemoryDevice("mem", 1 << 14);
        PageList pages = PageList.Allocate(1);
        var regions = new IoRegion[1];
        ulong bits = 0;
        for (int i = 0; i < 3000; i++)
        {
            regions[0] = new IoRegion(dev, i * 8, 8);
            legacy.SyncPageList(regions, BioOperation.Read, pages, 0, ref bits);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            regions[0] = new IoRegion(dev, (i % 2000) * 8, 8);
            legacy.SyncPageList(regions, BioOperation.Read, pages, 0, ref bits);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < FixedJitAllowance, $"10,000 legacy sync 4 KiB reads allocated {allocated} bytes");
    }
}
