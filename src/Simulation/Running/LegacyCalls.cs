using DmIo.Simulation.Scenarios;

namespace DmIo.Simulation.Running;

/// <summary>Submits a request step through the seed's legacy entry points (<c>dm_io_sync</c>, <c>dm_io_async_bvec</c>, ...).</summary>
internal static class LegacyCalls
{
    /// <summary>A value no real error-bit set of fewer than 64 regions can have: shows that a sync call left the bits unwritten.</summary>
    public const ulong Unwritten = 0x5A5A_5A5A_5A5A_5A5AUL;

    public static int Submit(DmIoLegacy legacy, IoStep step, RequestTracker tracker, IoRegion[] regions, out ulong? syncBits)
    {
        BioOperation rw = step.Operation == BioOperation.Read ? BioOperation.Read : BioOperation.Write;
        RequestBuffer b = tracker.Buffer;
        ulong bits = Unwritten;
        int rc = (step.Memory.Kind, step.Async) switch
        {
            (DmIoMemoryKind.PageList, false) => legacy.SyncPageList(regions, rw, b.Pages!, step.Memory.Offset, ref bits, step.Flags),
            (DmIoMemoryKind.PageList, true) => legacy.AsyncPageList(regions, rw, b.Pages!, step.Memory.Offset, tracker.Notify, null, step.Flags),
            (DmIoMemoryKind.Bvec, false) => legacy.SyncBvec(regions, rw, b.Vectors!, ref bits, step.Flags),
            (DmIoMemoryKind.Bvec, true) => legacy.AsyncBvec(regions, rw, b.Vectors!, tracker.Notify, null, step.Flags),
            (_, false) => legacy.SyncVm(regions, rw, b.Vm, ref bits, step.Flags),
            (_, true) => legacy.AsyncVm(regions, rw, b.Vm, tracker.Notify, null, step.Flags),
        };
        syncBits = step.Async || bits == Unwritten ? null : bits;
        return rc;
    }
}
