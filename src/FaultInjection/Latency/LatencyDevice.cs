namespace DmIo.FaultInjection;

/// <summary>
/// Adds a seeded latency to every bio over another device. The bio goes down at once, so the data moves when
/// the lower device completes it; the caller hears about it only after the drawn latency has passed on the
/// scheduler. Because each bio draws its own latency, later bios can complete before earlier ones, as on a
/// real queue. Latency draws go through an <see cref="IChoiceSource"/> labelled <c>&lt;name&gt;:latency:&lt;kind&gt;</c>.
/// </summary>
/// <remarks>
/// Allocation-free per bio once warm: the purpose labels are built once, and each bio in flight borrows a pooled
/// <see cref="DelayedCompletion"/> that owns its child bio and a cached completion delegate, so neither the
/// child, the end_io object nor the scheduled closure is allocated per bio (they were ~4.4 KiB a bio, mostly the
/// child's segment array, and capped a simulation near one million completions a second).
/// </remarks>
public sealed class LatencyDevice : IBlockDevice
{
    private readonly IBlockDevice _lower;      // where bios really go
    private readonly IIoScheduler _scheduler;  // completions are delayed on it
    private readonly IChoiceSource _choices;   // latency draws
    private readonly LatencyProfile _profile;  // distribution per kind of bio
    private readonly Lock _poolLock = new();   // guards _free: a real-time scheduler completes on other threads
    private readonly Stack<DelayedCompletion> _free = new(); // idle completions, reused
    private readonly Dictionary<string, string> _purposes = new(StringComparer.Ordinal); // kind -> draw label; guarded by _poolLock

    /// <summary>Creates a latency device over <paramref name="lower"/>.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="lower">The device beneath.</param>
    /// <param name="scheduler">Where delayed completions are scheduled.</param>
    /// <param name="choices">Where latency draws come from.</param>
    /// <param name="profile">The distribution for each kind of bio.</param>
    public LatencyDevice(string name, IBlockDevice lower, IIoScheduler scheduler, IChoiceSource choices, LatencyProfile profile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(profile);
        Name = name;
        _lower = lower;
        _scheduler = scheduler;
        _choices = choices;
        _profile = profile;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long CapacitySectors => _lower.CapacitySectors;

    /// <summary>
    /// Exactly the lower device's limits: latency is a property of the device itself (as null_blk's
    /// <c>completion_nsec</c>), not a stacked device; the lower device splits what it passes on.
    /// </summary>
    public QueueLimits Limits => _lower.Limits;

    /// <inheritdoc />
    public void Submit(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        (LatencyDistribution distribution, string kind) = _profile.For(bio);

        // Draw at submission, not at completion: submission order is what the caller controls, so the sequence of
        // draws stays the same even when the lower device completes bios in a different order.
        long delay = distribution.SampleNanoseconds(_choices, PurposeFor(kind));
        DelayedCompletion pending = Rent();
        BlockLayer.Submit(_lower, pending.Start(bio, delay));
    }

    private string PurposeFor(string kind)
    {
        lock (_poolLock)
        {
            if (!_purposes.TryGetValue(kind, out string? purpose))
            {
                purpose = $"{Name}:latency:{kind}";
                _purposes.Add(kind, purpose);
            }

            return purpose;
        }
    }

    private DelayedCompletion Rent()
    {
        lock (_poolLock)
        {
            if (_free.TryPop(out DelayedCompletion? pending))
            {
                return pending;
            }
        }

        return new DelayedCompletion(this);
    }

    private void Return(DelayedCompletion pending)
    {
        lock (_poolLock)
        {
            _free.Push(pending);
        }
    }

    /// <summary>Holds a parent bio until its child has completed and the drawn latency has passed.</summary>
    private sealed class DelayedCompletion : IBioEndIo
    {
        private readonly LatencyDevice _owner; // the pool this goes back to
        private readonly Bio _child = new();   // reused for every parent this carries
        private readonly Action _fire;         // cached, so scheduling the completion allocates nothing
        private Bio? _parent;                  // the bio being delayed; null while idle
        private long _delayNanoseconds;        // the drawn latency
        private BlkStatus _status;             // the child's outcome, handed to the parent

        public DelayedCompletion(LatencyDevice owner)
        {
            _owner = owner;
            _fire = Fire;
        }

        public Bio Start(Bio parent, long delayNanoseconds)
        {
            _parent = parent;
            _delayNanoseconds = delayNanoseconds;
            return ChildBios.ForwardInto(_child, parent, parent.Sector, this);
        }

        public void EndIo(Bio bio)
        {
            _status = bio.Status;
            _owner._scheduler.Schedule(_delayNanoseconds, _fire);
        }

        private void Fire()
        {
            // Take what we need, then go back to the pool before completing: the parent's completion may submit
            // the next bio to this device at once, and it can reuse this object.
            Bio parent = _parent!;
            BlkStatus status = _status;
            _parent = null;
            _owner.Return(this);
            parent.Complete(status);
        }
    }
}
