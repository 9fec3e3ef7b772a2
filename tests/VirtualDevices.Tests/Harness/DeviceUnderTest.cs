namespace DmIo.VirtualDevices.Tests.Harness;

/// <summary>
/// One device built for a test, with what the test should expect of it (written by hand, never read back
/// from the device) and a way to make queued leaves complete.
/// </summary>
public sealed class DeviceUnderTest : IDisposable
{
    private readonly IReadOnlyList<BlockDeviceBase> _leaves; // backends whose queues the harness drains
    private readonly IReadOnlyList<IDisposable> _owned;      // files and directories to clean up

    /// <summary>Creates the description.</summary>
    public DeviceUnderTest(DeviceKind kind, IBlockDevice device, QueueLimits expectedLimits, long expectedCapacity, bool storesData,
        IReadOnlyList<BlockDeviceBase> leaves, IReadOnlyList<IDisposable>? owned = null, IReadOnlyList<long>? boundaries = null)
    {
        Boundaries = boundaries ?? [];
        Kind = kind;
        Device = device;
        ExpectedLimits = expectedLimits;
        ExpectedCapacity = expectedCapacity;
        StoresData = storesData;
        _leaves = leaves;
        _owned = owned ?? [];
    }

    /// <summary>Which kind this is, for failure messages.</summary>
    public DeviceKind Kind { get; }

    /// <summary>The device to submit to.</summary>
    public IBlockDevice Device { get; }

    /// <summary>The limits the device must report.</summary>
    public QueueLimits ExpectedLimits { get; }

    /// <summary>The capacity the device must report.</summary>
    public long ExpectedCapacity { get; }

    /// <summary>False for dm-zero, whose writes vanish.</summary>
    public bool StoresData { get; }

    /// <summary>Sectors where the mapping changes device (table segment starts), which tests must straddle.</summary>
    public IReadOnlyList<long> Boundaries { get; }

    /// <summary>True when some leaf only completes when pumped, so a blocking sync request would never finish.</summary>
    public bool NeedsPumping => _leaves.Any(leaf => leaf.Completion == DeviceCompletionMode.Queued);

    /// <summary>Sectors per logical block.</summary>
    public int BlockSectors => Device.Limits.LogicalBlockSize / DmIoConstants.SectorSize;

    /// <summary>Completes whatever queued leaves hold.</summary>
    /// <returns>How many bios completed.</returns>
    public int Pump()
    {
        int n = 0;
        foreach (BlockDeviceBase leaf in _leaves)
        {
            n += leaf.DrainCompletions();
        }

        return n;
    }

    /// <summary>Runs <paramref name="pending"/> to completion, pumping queued leaves, with a generous real-time bound.</summary>
    /// <param name="isDone">True once the awaited work is complete.</param>
    /// <param name="done">Signalled by completions on other threads.</param>
    public void WaitFor(Func<bool> isDone, ManualResetEventSlim done)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (!isDone())
        {
            if (Pump() == 0 && !isDone())
            {
                done.Wait(TimeSpan.FromMilliseconds(5));
                done.Reset();
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"{Kind}: I/O did not complete within 30 s (a bio was never completed).");
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => Kind.ToString();
}
