using DmIo.FaultInjection.Tests.Support;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.FaultInjection.Tests;

/// <summary>
/// delay.rst: "<c>&lt;device&gt; &lt;offset&gt; &lt;delay&gt; [&lt;write_device&gt; &lt;write_offset&gt; &lt;write_delay&gt;
/// [&lt;flush_device&gt; &lt;flush_offset&gt; &lt;flush_delay&gt;]]</c>. Table line has to either have 3, 6 or 9 arguments
/// ... Offsets are specified in sectors. Delays are specified in milliseconds." Milliseconds are virtual here.
/// </summary>
public sealed class DelayDeviceTests
{
    private const long Millisecond = 1_000_000;

    private static readonly QueueLimits Cached = new() { VolatileWriteCache = true };

    private readonly SimulatedScheduler _scheduler = new();
    private readonly MemoryDevice _mem0 = new("mem0", 8192, Cached);
    private readonly MemoryDevice _mem1 = new("mem1", 8192, Cached);
    private readonly FaultRecord _record = new();

    [Fact]
    public void Delay_ThreeArguments_DelaysReadsWritesAndFlushesOnOneDevice()
    {
        // Example 1: "delaying read, write and flush operations for 500ms": "0 <size> delay $1 0 500".
        IBlockDevice delay = Delay("0 1024 delay mem0 0 500");

        TestBio read = TestBio.Read(0, 8, clock: _scheduler).SubmitTo(delay);
        TestBio write = TestBio.Write(8, Bytes.Pattern(8), clock: _scheduler).SubmitTo(delay);
        TestBio flush = TestBio.Flush(clock: _scheduler).SubmitTo(delay);
        _scheduler.AdvanceBy(500 * Millisecond - 1);
        Assert.False(read.Done || write.Done || flush.Done, "nothing may complete before 500 ms");
        _scheduler.AdvanceBy(1);

        Assert.Equal([500 * Millisecond, 500 * Millisecond, 500 * Millisecond], new[] { read, write, flush }.Select(b => b.CompletedAtNanoseconds));
        Assert.All(new[] { read, write, flush }, b => Assert.Equal(BlkStatus.Ok, b.Status));
        Assert.Equal(3, _mem0.BiosSubmitted);
    }

    [Fact]
    public void Delay_SixArguments_SendsWritesAndFlushesToTheWriteDeviceAtItsOffset()
    {
        // Example 2: "splitting reads to device $1 but writes and flushs to different device $2 to different
        // offsets of 2048 and 4096 sectors respectively": "delay $1 2048 0 $2 4096 400".
        IBlockDevice delay = Delay("0 1024 delay mem0 2048 0 mem1 4096 400");
        byte[] stored = Bytes.Pattern(8, seed: 4);
        _mem0.WriteDirect(2048 + 16, stored);
        byte[] data = Bytes.Pattern(8, seed: 9);

        TestBio read = TestBio.Read(16, 8, clock: _scheduler).SubmitTo(delay);
        TestBio write = TestBio.Write(16, data, clock: _scheduler).SubmitTo(delay);
        TestBio flush = TestBio.Flush(clock: _scheduler).SubmitTo(delay);
        Assert.True(read.Done, "a zero read delay completes at once");
        Assert.Equal(0, _mem1.BiosSubmitted);
        _scheduler.RunUntilIdle();

        Bytes.Equal(stored, read.Buffer, "read from mem0 at 2048 + 16");
        Bytes.Equal(data, Bytes.Direct(_mem1, 4096 + 16, 8), "write on mem1 at 4096 + 16");
        Assert.Equal((400 * Millisecond, 400 * Millisecond), (write.CompletedAtNanoseconds, flush.CompletedAtNanoseconds));
        Assert.Equal((1L, 2L), (_mem0.BiosSubmitted, _mem1.BiosSubmitted));
    }

    [Fact]
    public void Delay_NineArguments_GivesEachClassItsOwnDelay()
    {
        // Example 3: "delaying reads for 50ms, writes for 100ms and flushs for 333ms".
        IBlockDevice delay = Delay("0 1024 delay mem0 0 50 mem1 0 100 mem0 0 333");

        TestBio read = TestBio.Read(0, 8, clock: _scheduler).SubmitTo(delay);
        TestBio write = TestBio.Write(0, Bytes.Pattern(8), clock: _scheduler).SubmitTo(delay);
        TestBio discard = TestBio.Dataless(BioOperation.Discard, 8, 8, clock: _scheduler).SubmitTo(delay);
        TestBio flush = TestBio.Flush(clock: _scheduler).SubmitTo(delay);
        _scheduler.RunUntilIdle();

        Assert.Equal([50 * Millisecond, 100 * Millisecond, 100 * Millisecond, 333 * Millisecond],
            new[] { read, write, discard, flush }.Select(b => b.CompletedAtNanoseconds));
        Assert.Equal((2L, 2L), (_mem0.BiosSubmitted, _mem1.BiosSubmitted)); // read + flush on mem0; write + discard on mem1
    }

    [Fact]
    public void Delay_KeepsSubmissionOrderWithinAClassButShorterClassesOvertake()
    {
        IBlockDevice delay = Delay("0 1024 delay mem0 0 10 mem0 0 100");
        var order = new List<long>();

        for (int i = 1; i <= 5; i++)
        {
            TestBio.Write(i * 8, Bytes.Pattern(8, seed: i), id: i, clock: _scheduler, onComplete: b => order.Add(b.Bio.Id)).SubmitTo(delay);
            _scheduler.AdvanceBy(Millisecond);
        }

        TestBio.Read(0, 8, id: 99, clock: _scheduler, onComplete: b => order.Add(b.Bio.Id)).SubmitTo(delay);
        _scheduler.RunUntilIdle();

        // The read (held 10 ms from t = 5 ms) completes at 15 ms, before the first write (100 ms).
        Assert.Equal([99L, 1, 2, 3, 4, 5], order);
    }

    [Fact]
    public void Delay_WritesSubmittedAtTheSameInstant_AreSentInSubmissionOrder()
    {
        IBlockDevice delay = Delay("0 1024 delay mem0 0 7");
        var order = new List<long>();

        for (int i = 1; i <= 4; i++)
        {
            TestBio.Write(0, Bytes.Pattern(8, seed: i), id: i, onComplete: b => order.Add(b.Bio.Id)).SubmitTo(delay);
        }

        _scheduler.RunUntilIdle();

        Assert.Equal([1L, 2, 3, 4], order);
        Bytes.Equal(Bytes.Pattern(8, seed: 4), Bytes.Direct(_mem0, 0, 8), "the last write wins");
    }

    [Fact]
    public void Delay_PreflushWriteWithData_FlushesThroughTheFlushRouteThenWritesTheData()
    {
        // device-mapper splits a flush with data: the empty flush goes first (flush class), then the data (write class).
        IBlockDevice delay = Delay("0 1024 delay mem0 0 0 mem1 0 100 mem0 0 30");
        byte[] data = Bytes.Pattern(8, seed: 2);

        TestBio write = TestBio.Write(0, data, id: 5, flags: BioFlags.Preflush, clock: _scheduler).SubmitTo(delay);
        _scheduler.AdvanceBy(30 * Millisecond);
        Assert.Equal((1L, 0L), (_mem0.BiosSubmitted, _mem1.BiosSubmitted));
        _scheduler.RunUntilIdle();

        Assert.Equal(130 * Millisecond, write.CompletedAtNanoseconds);
        Bytes.Equal(data, Bytes.Direct(_mem1, 0, 8), "data on the write device");
        Assert.Equal([("flush_delay", 0L), ("write_delay", 8L)], _record.Snapshot().Select(d => (d.Rule, d.Count)));
    }

    [Fact]
    public void Delay_Status_CountsHeldBiosPerClassAndTheRecordHasOneDecisionEach()
    {
        var delay = (DelayDevice)Delay("0 1024 delay mem0 0 10 mem1 0 20 mem1 0 30");

        TestBio.Read(0, 8, id: 1).SubmitTo(delay);
        TestBio.Read(8, 8, id: 2).SubmitTo(delay);
        TestBio.Write(0, Bytes.Pattern(8), id: 3).SubmitTo(delay);
        TestBio.Flush(id: 4).SubmitTo(delay);

        Assert.Equal("2 1 1", delay.Status);
        _scheduler.AdvanceBy(10 * Millisecond);
        Assert.Equal("0 1 1", delay.Status);
        _scheduler.RunUntilIdle();
        Assert.Equal("0 0 0", delay.Status);
        Assert.Equal([(1L, "read_delay"), (2L, "read_delay"), (3L, "write_delay"), (4L, "flush_delay")],
            _record.Snapshot().Select(d => (d.BioId, d.Rule)));
        Assert.All(_record.Snapshot(), d => Assert.Equal(("delay", BlkStatus.Ok), (d.Action, d.Status)));
    }

    [Fact]
    public void Delay_ZeroDelay_PassesInlineAndRecordsNothing()
    {
        IBlockDevice delay = Delay("0 1024 delay mem0 0 0");

        TestBio read = TestBio.Read(0, 8).SubmitTo(delay);

        Assert.True(read.Done);
        Assert.Equal(0, _record.Count);
    }

    [Fact]
    public void Delay_LowerDeviceError_ReachesTheCaller()
    {
        var error = new ErrorDevice("err0", 8192);
        IBlockDevice delay = DelayDevice.FromTable(TableLine.Parse("0 1024 delay err0 0 5", _scheduler, error), _record);

        TestBio read = TestBio.Read(0, 8).SubmitTo(delay);
        _scheduler.RunUntilIdle();

        Assert.Equal(BlkStatus.IoError, read.Status);
    }

    [Theory]
    [InlineData("mem0 0 500", "mem0 0 500")]
    [InlineData("mem0 2048 0 mem1 4096 400", "mem0 2048 0 mem1 4096 400")]
    [InlineData("mem0 0 50 mem1 0 100 mem0 0 333", "mem0 0 50 mem1 0 100 mem0 0 333")]
    public void Delay_Table_PrintsTheArgumentsItWasGiven(string arguments, string table)
    {
        var delay = (DelayDevice)Delay($"0 1024 delay {arguments}");

        Assert.Equal(table, delay.Table);
    }

    [Theory]
    [InlineData("mem0 0", "arguments", "Requires exactly 3, 6 or 9 arguments")]
    [InlineData("mem0 0 1 mem1", "arguments", "Requires exactly 3, 6 or 9 arguments")]
    [InlineData("mem0 x 1", "offset", "Invalid device sector")]
    [InlineData("mem0 0 -5", "delay", "Invalid delay")]
    [InlineData("nosuch 0 5", "device", "Device lookup failed")]
    [InlineData("mem0 0 5 nosuch 0 5", "write_device", "Device lookup failed")]
    [InlineData("mem0 0 5 mem1 y 5", "write_offset", "Invalid device sector")]
    [InlineData("mem0 0 5 mem1 0 5 mem0 0 z", "flush_delay", "Invalid delay")]
    [InlineData("mem0 0 4294967296x", "delay", "Invalid delay")]
    [InlineData("mem0 8000 5", "offset", "dm0: mem0 too small for target: start=8000, len=1024, dev_size=8192")]
    public void Delay_Table_RejectsWhatTheKernelRejects_WithItsExactText(string arguments, string field, string kernelText)
    {
        var error = Assert.Throws<TableSyntaxException>(() => Delay($"0 1024 delay {arguments}"));

        Assert.Equal((field, kernelText), (error.Field, error.KernelMessage));
    }

    private IBlockDevice Delay(string line) => DelayDevice.FromTable(TableLine.Parse(line, _scheduler, _mem0, _mem1), _record);
}
