namespace DmIo.VirtualDevices.Tests.Harness;

/// <summary>
/// Runs dm-io requests through <see cref="DmIoEngine.Execute(in DmIoRequest, ReadOnlySpan{IoRegion}, ref ulong, ushort)"/>:
/// synchronously when the device completes on its own, asynchronously with pumping when a queued leaf would
/// otherwise leave a blocking sync request waiting forever.
/// </summary>
public static class EngineRunner
{
    /// <summary>Runs one request and returns its return code and error bits.</summary>
    /// <param name="dut">The device the regions live on (used for pumping).</param>
    /// <param name="client">The dm-io client.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="flags">The request flags.</param>
    /// <param name="memory">The memory.</param>
    /// <param name="regions">The regions.</param>
    /// <returns>The return code and error bits.</returns>
    public static (int ReturnCode, ulong ErrorBits) Run(DeviceUnderTest dut, DmIoClient client, BioOperation operation, BioFlags flags,
        DmIoMemory memory, params IoRegion[] regions)
    {
        if (!dut.NeedsPumping)
        {
            ulong bits = 0;
            int rc = DmIoEngine.Execute(new DmIoRequest { Operation = operation, Flags = flags, Memory = memory, Client = client }, regions, ref bits);
            return (rc, bits);
        }

        using var signal = new ManualResetEventSlim();
        ulong notifiedBits = 0;
        int notified = 0;
        var request = new DmIoRequest
        {
            Operation = operation,
            Flags = flags,
            Memory = memory,
            Client = client,
            Notify = (errorBits, _) =>
            {
                notifiedBits = errorBits;
                Interlocked.Increment(ref notified);
                signal.Set();
            },
        };
        int returnCode = DmIoEngine.Execute(request, regions);
        dut.WaitFor(() => Volatile.Read(ref notified) != 0, signal);
        Assert.True(notified == 1, $"{dut.Kind}: the request's callback ran {notified} times.");
        return (returnCode != 0 ? returnCode : notifiedBits == 0 ? 0 : -Errno.EIO, notifiedBits);
    }
}
