using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace DmIo.Benchmarks.Support;

/// <summary>
/// A BenchmarkDotNet clock that reads the calling thread's CPU time (<c>CLOCK_THREAD_CPUTIME_ID</c>, user plus
/// kernel) instead of wall time. This machine has two cores shared with other builds (load averages of 15-20 were
/// seen), so wall time mostly measured how long the benchmark waited for a core; thread CPU time leaves that out
/// and keeps what the code costs (including the kernel time of file writes). Cache and memory-bandwidth
/// interference from the other processes still shows, which is why every result is a ratio within one run.
/// Only meaningful in-process and single-threaded, which every benchmark here is.
/// </summary>
public sealed class ThreadCpuClock : IClock
{
    private const int ClockThreadCpuTimeId = 3; // CLOCK_THREAD_CPUTIME_ID on Linux

    /// <summary>The shared instance.</summary>
    public static ThreadCpuClock Instance { get; } = new();

    /// <inheritdoc />
    public string Title => "ThreadCpuTime";

    /// <inheritdoc />
    public bool IsAvailable => OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTimeId, out _) == 0;

    /// <inheritdoc />
    public Frequency Frequency => Frequency.GHz; // nanoseconds

    /// <inheritdoc />
    public long GetTimestamp()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out TimeSpec now) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        return (now.Seconds * 1_000_000_000L) + now.Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static extern int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
