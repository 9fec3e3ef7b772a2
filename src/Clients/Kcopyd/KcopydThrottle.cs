using System.Numerics;

namespace DmIo.Clients.Kcopyd;

/// <summary>
/// Limits how much of the time kcopyd keeps I/O in flight (the kernel's <c>struct dm_kcopyd_throttle</c>), measured in
/// jiffies of the injected scheduler's clock. Before each dm-io request a client compares the share of recent time
/// that had kcopyd I/O in flight with <see cref="Percentage"/>; while it is over, the worker sleeps (up to 10 times,
/// 100 ms each) before issuing the request, which stretches the job. Clients given the same instance are throttled
/// as a group, as in the kernel.
/// </summary>
/// <remarks>
/// Time is counted in jiffies at <see cref="Hz"/> = 250 (Debian's amd64 <c>CONFIG_HZ</c>), so the accounting decays
/// every 2^8 jiffies (<c>ACCOUNT_INTERVAL_SHIFT</c> = <c>SHIFT_HZ</c> = 8) and one sleep (<c>fsleep(100000)</c>, that is
/// <c>msleep(100)</c>) lasts <c>msecs_to_jiffies(100) + 1</c> = 26 jiffies, ending on a jiffy tick. Each sleep is a
/// scheduler event, never a blocked thread.
/// </remarks>
public sealed class KcopydThrottle
{
    /// <summary>Timer ticks per second of the modelled kernel (<c>HZ</c>).</summary>
    public const int Hz = 250;

    /// <summary>The most sleeps before one request goes ahead anyway (<c>MAX_SLEEPS</c>).</summary>
    public const int MaxSleeps = 10;

    /// <summary>Nanoseconds in one jiffy at <see cref="Hz"/>.</summary>
    public const long NanosecondsPerJiffy = 1_000_000_000L / Hz;

    /// <summary>Jiffies one throttle sleep lasts: <c>msleep(100)</c> waits <c>msecs_to_jiffies(100) + 1</c> ticks.</summary>
    public const uint SleepJiffies = 100 * Hz / 1000 + 1;

    private const int AccountIntervalShift = 8; // SHIFT_HZ for HZ 250: the counters halve once total_period reaches 256

    private readonly Lock _lock = new(); // the kernel's global throttle_spinlock, per instance here
    private int _percentage;             // allowed share of time with I/O in flight; 100 = no throttling
    private uint _ioJobs;                // num_io_jobs: requests in flight under this throttle
    private uint _ioPeriod;              // io_period: jiffies with I/O in flight, decayed
    private uint _totalPeriod;           // total_period: jiffies accounted, decayed
    private uint _lastJiffies;           // last_jiffies: when the periods were last brought up to date

    /// <summary>Creates a throttle allowing I/O in flight <paramref name="percentage"/> percent of the time.</summary>
    /// <param name="percentage">1..100; 100 does not throttle.</param>
    public KcopydThrottle(int percentage = 100)
    {
        ValidatePercentage(percentage, nameof(percentage));
        _percentage = percentage;
    }

    /// <summary>
    /// The share of time, in percent (1..100), that kcopyd may keep I/O in flight; 100 does not throttle. May change
    /// while jobs run, as the kernel's module parameter may.
    /// </summary>
    public int Percentage
    {
        get => Volatile.Read(ref _percentage);
        set
        {
            ValidatePercentage(value, nameof(value));
            Volatile.Write(ref _percentage, value);
        }
    }

    /// <summary>dm-io requests issued under this throttle and not yet completed (<c>num_io_jobs</c>).</summary>
    public int IoJobsInFlight
    {
        get
        {
            lock (_lock)
            {
                return (int)_ioJobs;
            }
        }
    }

    /// <summary>The jiffy count at <paramref name="nanoseconds"/> on the scheduler's clock, wrapping as the kernel's 32-bit counter does.</summary>
    /// <param name="nanoseconds">A time on the scheduler's clock.</param>
    /// <returns>Whole jiffies elapsed, modulo 2^32.</returns>
    public static uint JiffiesAt(long nanoseconds) => unchecked((uint)(nanoseconds / NanosecondsPerJiffy));

    /// <summary>
    /// <c>io_job_start</c>: brings the accounting up to date and either counts a new request in flight (true) or asks
    /// the caller to sleep <see cref="SleepJiffies"/> and try again (false), which it does at most <see cref="MaxSleeps"/> times.
    /// </summary>
    internal bool TryStartIo(long nowNanoseconds, int sleptSoFar)
    {
        lock (_lock)
        {
            uint throttle = (uint)Volatile.Read(ref _percentage);
            if (throttle < 100)
            {
                uint now = JiffiesAt(nowNanoseconds);
                uint difference = unchecked(now - _lastJiffies);
                _lastJiffies = now;
                if (_ioJobs != 0)
                {
                    _ioPeriod = unchecked(_ioPeriod + difference);
                }

                _totalPeriod = unchecked(_totalPeriod + difference);
                ClampIoPeriod();
                if (_totalPeriod >= 1u << AccountIntervalShift)
                {
                    // Halve (or more) both periods so old history fades: shift by fls(total >> SHIFT).
                    int shift = 32 - BitOperations.LeadingZeroCount(_totalPeriod >> AccountIntervalShift);
                    _totalPeriod >>= shift;
                    _ioPeriod >>= shift;
                }

                int skew = unchecked((int)(_ioPeriod - (throttle * _totalPeriod / 100)));
                if (skew > 0 && sleptSoFar < MaxSleeps)
                {
                    return false;
                }
            }

            _ioJobs++;
            return true;
        }
    }

    /// <summary><c>io_job_finish</c>: a request completed; when it was the last in flight, its time counts as I/O time.</summary>
    internal void FinishIo(long nowNanoseconds)
    {
        lock (_lock)
        {
            _ioJobs--;
            if (Volatile.Read(ref _percentage) >= 100 || _ioJobs != 0)
            {
                return;
            }

            uint now = JiffiesAt(nowNanoseconds);
            uint difference = unchecked(now - _lastJiffies);
            _lastJiffies = now;
            _ioPeriod = unchecked(_ioPeriod + difference);
            _totalPeriod = unchecked(_totalPeriod + difference);
            ClampIoPeriod();
        }
    }

    /// <summary>The delay from <paramref name="nowNanoseconds"/> to the tick that ends a sleep begun then.</summary>
    internal static long SleepNanoseconds(long nowNanoseconds)
    {
        long wakeTick = (nowNanoseconds / NanosecondsPerJiffy) + SleepJiffies;
        return (wakeTick * NanosecondsPerJiffy) - nowNanoseconds;
    }

    // "Maintain sane values if we got a temporary overflow."
    private void ClampIoPeriod()
    {
        if (_ioPeriod > _totalPeriod)
        {
            _ioPeriod = _totalPeriod;
        }
    }

    private static void ValidatePercentage(int percentage, string paramName)
    {
        if (percentage is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(paramName, percentage, "The kcopyd throttle is a percentage from 1 to 100 (100 = no throttling).");
        }
    }
}
