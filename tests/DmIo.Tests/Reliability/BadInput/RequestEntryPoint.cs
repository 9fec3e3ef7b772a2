namespace DmIo.Tests.Reliability;

/// <summary>
/// One public way to run a request: the unified API sync or async, the Task wrapper, or one of the six legacy calls,
/// over one memory kind. <see cref="Run"/> turns an abstract request into that call and reports what happened.
/// </summary>
/// <param name="Name">How the catalogue names the entry point.</param>
/// <param name="Kind">The memory kind it takes.</param>
/// <param name="Legacy">True for the seed's <see cref="DmIoLegacy"/> calls (read/write only, a BioOperation of Read or Write).</param>
/// <param name="Async">True when the call reports through a callback or Task.</param>
/// <param name="MemoryParam">The parameter a memory problem is blamed on.</param>
/// <param name="NullMemoryParam">The parameter a null memory object is blamed on.</param>
/// <param name="OperationParam">The parameter an unknown operation is blamed on.</param>
internal sealed record RequestEntryPoint(string Name, DmIoMemoryKind Kind, bool Legacy, bool Async, string MemoryParam, string NullMemoryParam, string OperationParam)
{
    public static IReadOnlyList<RequestEntryPoint> All { get; } =
    [
        .. new[] { DmIoMemoryKind.PageList, DmIoMemoryKind.Bvec, DmIoMemoryKind.Vm, DmIoMemoryKind.Kmem }.SelectMany(kind => new[]
        {
            new RequestEntryPoint($"DmIoEngine.Execute sync ({kind})", kind, false, false, "request", "request", "operation"),
            new RequestEntryPoint($"DmIoEngine.Execute async ({kind})", kind, false, true, "request", "request", "operation"),
            new RequestEntryPoint($"DmIoClient.ExecuteAsync ({kind})", kind, false, true, "memory", "memory", "operation"),
        }),
        new("DmIoLegacy.SyncPageList", DmIoMemoryKind.PageList, true, false, "offset", "pages", "rw"),
        new("DmIoLegacy.AsyncPageList", DmIoMemoryKind.PageList, true, true, "offset", "pages", "rw"),
        new("DmIoLegacy.SyncBvec", DmIoMemoryKind.Bvec, true, false, "vectors", "vectors", "rw"),
        new("DmIoLegacy.AsyncBvec", DmIoMemoryKind.Bvec, true, true, "vectors", "vectors", "rw"),
        new("DmIoLegacy.SyncVm", DmIoMemoryKind.Vm, true, false, "data", "data", "rw"),
        new("DmIoLegacy.AsyncVm", DmIoMemoryKind.Vm, true, true, "data", "data", "rw"),
    ];

    /// <summary>True for the Task wrapper, whose result carries -EIO where a callback caller gets 0 back and the bits later.</summary>
    public bool IsTask => Name.StartsWith("DmIoClient", StringComparison.Ordinal);

    public override string ToString() => Name;

    /// <summary>Runs the request through this entry point and reports the outcome; never lets an exception escape.</summary>
    public RequestOutcome Run(EngineWorld world, BioOperation op, BioFlags flags, DmIoMemory memory, IoRegion[] regions)
    {
        int callbacks = 0;
        ulong? notified = null;
        void Notify(ulong bits, object? context)
        {
            notified = bits;
            Interlocked.Increment(ref callbacks);
        }

        try
        {
            ulong bits = RequestOutcome.Untouched;
            int rc;
            if (Legacy)
            {
                BioOperation rw = op; // the legacy calls take READ or WRITE and refuse the rest
                rc = (Kind, Async) switch
                {
                    (DmIoMemoryKind.PageList, false) => world.Legacy.SyncPageList(regions, rw, memory.PageList!, memory.Offset, ref bits, flags),
                    (DmIoMemoryKind.PageList, true) => world.Legacy.AsyncPageList(regions, rw, memory.PageList!, memory.Offset, Notify, null, flags),
                    (DmIoMemoryKind.Bvec, false) => world.Legacy.SyncBvec(regions, rw, memory.Vectors!, ref bits, flags),
                    (DmIoMemoryKind.Bvec, true) => world.Legacy.AsyncBvec(regions, rw, memory.Vectors!, Notify, null, flags),
                    (_, false) => world.Legacy.SyncVm(regions, rw, memory.Buffer, ref bits, flags),
                    (_, true) => world.Legacy.AsyncVm(regions, rw, memory.Buffer, Notify, null, flags),
                };
            }
            else if (IsTask)
            {
                Task<DmIoResult> task = world.Client.ExecuteAsync(op, flags, memory, regions);
                if (!task.Wait(TimeSpan.FromSeconds(30)))
                {
                    throw new TimeoutException("ExecuteAsync never completed");
                }

                return new RequestOutcome(null, task.Result.ReturnCode, task.Result.ErrorBits, 1);
            }
            else
            {
                var request = new DmIoRequest { Operation = op, Flags = flags, Memory = memory, Client = world.Client, Notify = Async ? Notify : null };
                rc = DmIoEngine.Execute(request, regions, ref bits);
            }

            // Every failure path here completes inline (block-layer rejections, refused reads), so the callback has run.
            return new RequestOutcome(null, rc, Async ? notified : bits, callbacks);
        }
        catch (Exception e)
        {
            return new RequestOutcome(e is AggregateException { InnerException: { } inner } ? inner : e, null, null, callbacks);
        }
    }
}
