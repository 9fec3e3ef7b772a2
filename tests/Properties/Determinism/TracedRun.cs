using DmIo.FaultInjection;
using DmIo.VirtualDevices;

namespace DmIo.Properties;

/// <summary>Runs a <see cref="TracedCase"/> in simulated mode with every stack behind a tracing device.</summary>
internal static class TracedRun
{
    /// <summary>Runs the case.</summary>
    /// <param name="c">The case.</param>
    /// <param name="choiceSeed">Seeds the fault devices' choices (ignored when replaying).</param>
    /// <param name="replay">A trace whose choices are replayed and whose lines each new line must match, or null.</param>
    /// <returns>What happened.</returns>
    public static TracedRunResult Run(TracedCase c, ulong choiceSeed, TraceLog? replay = null)
    {
        var rig = new IoRig(RunMode.Simulated, c.Seed);
        var trace = new TraceRecorder(rig.Scheduler, replay);
        var record = new FaultRecord();
        trace.Attach(record);
        IChoiceSource source = replay is null ? new RandomChoiceSource(choiceSeed) : new ReplayChoiceSource(replay);
        var context = new StackContext(rig.Scheduler, record, new RecordingChoiceSource(source, trace), DeviceCompletionMode.Scheduled);
        IBlockDevice[] tops = [.. c.Stacks.Select((s, i) => (IBlockDevice)new TracingDevice($"top{i}", s.Build(context), trace))];
        DmIoClient client = DmIoClient.Create(2, rig.Scheduler);
        var bits = new ulong[c.Requests.Length];
        var reads = new byte[c.Requests.Length][];
        for (int i = 0; i < c.Requests.Length; i++)
        {
            TracedRequest r = c.Requests[i];
            byte[] buffer = r.Operation == BioOperation.Write ? Payload.Sectors(r.Count, (ulong)i) : new byte[r.Count * DmIoConstants.SectorSize];
            reads[i] = r.Operation == BioOperation.Read ? buffer : [];
            int index = i;
            var request = new DmIoRequest
            {
                Operation = r.Operation,
                Memory = DmIoMemory.FromVm(new VmBuffer(buffer)),
                Client = client,
                Notify = r.Async ? (b, _) => { bits[index] = b; trace.Mark($"request {index} done: 0x{b:x}"); } : null,
            };
            IoRegion[] region = [new IoRegion(tops[r.Stack], r.Sector, r.Count)];
            if (r.Async)
            {
                DmIoEngine.Execute(request, region);
            }
            else
            {
                DmIoEngine.Execute(request, region, ref bits[i]);
                trace.Mark($"request {index} done: 0x{bits[i]:x}");
            }
        }

        rig.Settle();
        trace.Finish();
        client.Dispose();
        return new TracedRunResult(trace.ToBytes(), trace.Lines, bits, reads, record.Snapshot());
    }
}
