using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.FaultInjection.Tests.Registry;

public sealed class FaultTargetsTests
{
    [Fact]
    public void TableNamingFaultTargets_BuildsRecordingDevices_AndTheErrorBitsMatchTheRecord()
    {
        var record = new FaultRecord();
        var catalog = new DeviceCatalog();
        catalog.Add(new MemoryDevice("mem0", 4096));
        catalog.Add(new MemoryDevice("mem1", 4096));
        var parser = new DeviceTableParser(catalog, FaultTargets.CreateRegistry(record, new RandomChoiceSource(1)));
        IBlockDevice dusty = parser.Create("dusty", "0 2048 dust mem0 0 512");
        IBlockDevice mixed = parser.Create("mixed", "0 1024 linear mem1 0\n1024 1024 error");
        DustDevice dust = Assert.IsType<DustDevice>(Assert.Single(((TableDevice)dusty).Segments).Target);
        dust.Message("addbadblock", "5");
        dust.Message("enable");
        using var client = DmIoClient.Create();
        var buffer = new byte[16 * 512];

        ulong dustBits = 0, mixedBits = 0;
        var read = new DmIoRequest { Operation = BioOperation.Read, Memory = DmIoMemory.FromVm(new VmBuffer(buffer)), Client = client };
        int dustRc = DmIoEngine.Execute(read, [new IoRegion(dusty, 0, 16)], ref dustBits);
        var write = read with { Operation = BioOperation.Write };
        int mixedRc = DmIoEngine.Execute(write, [new IoRegion(mixed, 0, 16), new IoRegion(mixed, 1020, 8), new IoRegion(mixed, 1030, 8)], ref mixedBits);

        Assert.Equal((-Errno.EIO, 1UL), (dustRc, dustBits));
        Assert.Equal((-Errno.EIO, 0b110UL), (mixedRc, mixedBits));
        IReadOnlyList<FaultDecision> decisions = record.Snapshot();
        FaultDecision badBlock = Assert.Single(decisions, d => d.Rule == DustDevice.RuleName);
        Assert.Equal(("fail", BlkStatus.IoError), (badBlock.Action, badBlock.Status));
        Assert.Equal(2, decisions.Count(d => d.Rule == "error"));
    }

    [Fact]
    public void Register_NamesEveryKernelFaultTarget()
    {
        TargetRegistry registry = FaultTargets.CreateRegistry(new FaultRecord(), new RandomChoiceSource(1));
        foreach (string name in FaultTargets.Names.Concat(["linear", "striped", "zero"]))
        {
            Assert.True(registry.TryGet(name, out _), $"target '{name}' is not registered");
        }
    }
}
