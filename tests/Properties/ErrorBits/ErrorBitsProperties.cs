using System.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace DmIo.Properties;

/// <summary>
/// Group 1: for every region, its error bit is set iff the independent fault record shows a failed bio in it (mapped
/// through linear offsets and stripes onto each fault device's own sectors), or the region is out of range or
/// unsupported. Checked in simulated and real-thread mode.
/// </summary>
public sealed class ErrorBitsProperties
{
    /// <summary>
    /// Simulated mode. Catches: error bits combined with <c>&amp;</c> instead of <c>|</c> in <c>dec_count</c>; the region
    /// number lost (every failure reported as bit 0); a not-supported region not setting its bit.
    /// </summary>
    [DmIoProperty(300)]
    public Property ErrorBits_MatchFaultRecord_Simulated(StackRequest request) => Holds(new ErrorBitsCase(RunMode.Simulated, request));

    /// <summary>
    /// Real-thread mode (thread-pool completions, latency timers). Catches: the callback run before the last bio
    /// completed (bits read early miss late failures); the engine dropping PREFLUSH/FUA, so a non-write carrying them
    /// is no longer refused; and, as in simulated mode, <c>&amp;</c> for <c>|</c> and a lost region number.
    /// </summary>
    [DmIoProperty(100)]
    public Property ErrorBits_MatchFaultRecord_RealThread(StackRequest request) => Holds(new ErrorBitsCase(RunMode.RealThread, request));

    /// <summary>Runs one case and checks it; the classification shows the generator reaches the interesting cases.</summary>
    /// <param name="c">The case.</param>
    /// <returns>The classified property.</returns>
    internal static Property Holds(ErrorBitsCase c)
    {
        var rig = new IoRig(c.Mode, c.Seed);
        StackContext context = rig.StackContext(c.Seed, scheduledLeaves: c.Seed % 2 == 0);
        IoRegion[] regions = c.Request.Build(context).Regions;
        int bytes = (int)(c.Regions.Max(r => r.Count) * DmIoConstants.SectorSize);
        DmIoMemory memory = DmIoMemory.None;
        if (!c.Operation.IsDataless())
        {
            LayoutBuffer buffer = c.Layout.Allocate(bytes);
            buffer.Write(Payload.Sectors(bytes / DmIoConstants.SectorSize, c.Seed));
            memory = buffer.Memory;
        }

        DmIoClient client = DmIoClient.Create(2, rig.Scheduler);
        RequestOutcome outcome = rig.Execute(client, c.Operation, c.Flags, memory, regions, c.Async);
        rig.Settle();
        client.Dispose(); // throws if any io or bio is still outstanding

        if (c.Operation == BioOperation.Read && c.Regions.Count > 1)
        {
            // Refused before any I/O (6.12 dm_io()): sync or async, -EIO, the bits untouched and no callback.
            Expect.Equal(-Errno.EIO, outcome.ReturnCode, "multi-region read return code");
            Expect.Equal(0xDEAD_BEEFUL, outcome.ErrorBits, "multi-region read error bits");
            Expect.Equal(0, outcome.Callbacks, "callbacks of a refused multi-region read");
            Expect.Equal(0, context.Record.Count, "fault decisions made by a refused read");
            return true.Classify(true, "refused multi-region read").Collect($"{c.Mode}/{c.Layout.Kind}");
        }

        ErrorBitsOracle.Reason[] reasons = ErrorBitsOracle.Reasons(c, context.Record.Snapshot());
        ulong expected = ErrorBitsOracle.Bits(reasons);
        Expect.Equal($"0x{expected:x}", $"0x{outcome.ErrorBits:x}",
            $"error bits (reasons: {string.Join(',', reasons.Select((r, i) => $"{i}:{r}"))})");
        Expect.Equal(expected == 0 ? 0 : -Errno.EIO, outcome.ReturnCode, "return code");
        Expect.Equal(c.Async ? 1 : 0, outcome.Callbacks, "callbacks");

        int active = c.Regions.Count(r => r.Count > 0);
        int failed = BitOperations.PopCount(expected);
        return true.ToProperty()
            .Classify(failed >= 2, "multi-region failure")
            .Classify(failed > 0 && failed < active, "partial failure")
            .Classify(reasons.Contains(ErrorBitsOracle.Reason.Fault), "fault-record failure")
            .Classify(reasons.Contains(ErrorBitsOracle.Reason.OutOfRange), "out of range")
            .Classify(reasons.Contains(ErrorBitsOracle.Reason.OperationUnsupported) || reasons.Contains(ErrorBitsOracle.Reason.FlagsUnsupported), "unsupported")
            .Classify(failed == 0, "no failure")
            .Collect($"{c.Mode}/{(c.Operation.IsDataless() ? "none" : c.Layout.Kind.ToString())}");
    }
}
