using DmIo.Fuzz;
using DmIo.VirtualDevices;

namespace DmIo.Fuzzing.Tests;

/// <summary>
/// The harness's own checks, shown to catch what they are for on devices built to break them (the product cannot be
/// broken from a test): a bio never completed, a bio completed twice, a device that throws, text with a stack trace.
/// </summary>
public sealed class HarnessSelfTests
{
    [Fact]
    public void IoDriver_ABioThatNeverCompletes_IsNoLostBio()
    {
        var scheduler = new SimulatedScheduler();
        using var driver = new IoDriver(scheduler, _ => new BrokenDevice(BrokenDevice.Kind.Loses));
        InvariantViolation e = Assert.Throws<InvariantViolation>(() => driver.Run(["write", "x", "0", "8"]));
        Assert.Equal("no-lost-bio", e.Invariant);
    }

    [Fact]
    public void IoDriver_ADeviceThatThrows_IsIoNoException_NamingTheFrame()
    {
        var scheduler = new SimulatedScheduler();
        using var driver = new IoDriver(scheduler, _ => new BrokenDevice(BrokenDevice.Kind.Throws));
        InvariantViolation e = Assert.Throws<InvariantViolation>(() => driver.Run(["read", "x", "0", "8"]));
        Assert.Equal("io-no-exception", e.Invariant);
        Assert.Contains("OverflowException", e.Message, StringComparison.Ordinal);
        Assert.Contains("BrokenDevice.Submit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IoDriver_AnAsyncRequestNeverNotified_IsCaughtWhenSettled()
    {
        var scheduler = new SimulatedScheduler();
        using var driver = new IoDriver(scheduler, _ => new BrokenDevice(BrokenDevice.Kind.Loses));
        Assert.True(driver.Run(["async-write", "x", "0", "8"]));
        InvariantViolation e = Assert.Throws<InvariantViolation>(driver.Settle);
        Assert.Equal("async-notified-once", e.Invariant);
    }

    [Fact]
    public void IoDriver_AWorkingDevice_BreaksNothing()
    {
        var scheduler = new SimulatedScheduler();
        var disk = new MemoryDevice("m", 64, scheduler: scheduler);
        using var driver = new IoDriver(scheduler, _ => disk);
        foreach (string line in new[] { "write m 0 8", "async-read m 0 8", "flush m", "discard m 0 64", "write m 60 8", "advance 5" })
        {
            Assert.True(driver.Run(FuzzText.Words(line)), line);
        }

        driver.Settle();
    }

    [Theory]
    [InlineData("Unhandled exception: System.OverflowException: Arithmetic operation resulted in an overflow.")]
    [InlineData("error: x\n   at DmIo.Simulation.Running.DataBytes.Of(DataSpec spec, Int64 length) in /src/DataBytes.cs:line 32\n")]
    [InlineData("   at System.CommandLine.Invocation.InvocationPipeline.Invoke(ParseResult parseResult)")]
    public void StackTraces_AreRecognised(string text) => Assert.NotNull(StackTraces.FirstIn(text));

    [Theory]
    [InlineData("error: scenario.json:1:2: $.devices: expected an array")]
    [InlineData("step 3 at sector 0: data differs")]
    public void OrdinaryOutput_IsNotAStackTrace(string text) => Assert.Null(StackTraces.FirstIn(text));

    private sealed class BrokenDevice(BrokenDevice.Kind kind) : IBlockDevice
    {
        public enum Kind { Loses, Throws }

        public string Name => "x";

        public long CapacitySectors => 64;

        public QueueLimits Limits => QueueLimits.Default;

        public void Submit(Bio bio) => _ = kind == Kind.Throws ? throw new OverflowException("broken on purpose") : 0;
    }
}
