namespace DmIo.Tests.Support;

/// <summary>Short ways to run a request through the unified API in tests.</summary>
public static class Io
{
    public static (int ReturnCode, ulong ErrorBits) Sync(DmIoClient client, BioOperation op, DmIoMemory memory, params IoRegion[] regions) =>
        Sync(client, op, BioFlags.None, memory, regions);

    public static (int ReturnCode, ulong ErrorBits) Sync(DmIoClient client, BioOperation op, BioFlags flags, DmIoMemory memory, params IoRegion[] regions)
    {
        ulong bits = 0xDEAD_BEEF; // proves the engine writes the bits
        var request = new DmIoRequest { Operation = op, Flags = flags, Memory = memory, Client = client };
        int rc = DmIoEngine.Execute(request, regions, ref bits);
        return (rc, bits);
    }

    /// <summary>Submits asynchronously and returns a probe that counts callbacks.</summary>
    public static CallbackProbe Async(DmIoClient client, BioOperation op, BioFlags flags, DmIoMemory memory, params IoRegion[] regions)
    {
        var probe = new CallbackProbe();
        var request = new DmIoRequest { Operation = op, Flags = flags, Memory = memory, Client = client, Notify = probe.Notify, Context = probe };
        probe.ReturnCode = DmIoEngine.Execute(request, regions);
        probe.Returned = true;
        return probe;
    }
}

/// <summary>Counts and remembers async callbacks, and whether they ran before the submitting call returned.</summary>
public sealed class CallbackProbe
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public ulong ErrorBits { get; private set; }

    public object? Context { get; private set; }

    public int ReturnCode { get; set; }

    public bool Returned { get; set; }

    public bool CalledBeforeReturn { get; private set; }

    public void Notify(ulong errorBits, object? context)
    {
        ErrorBits = errorBits;
        Context = context;
        CalledBeforeReturn = !Returned;
        Interlocked.Increment(ref _calls);
    }
}
