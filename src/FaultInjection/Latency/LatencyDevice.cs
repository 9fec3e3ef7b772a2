namespace DmIo.FaultInjection;

/// <summary>
/// Adds a seeded latency to every bio over another device. The bio goes down at once, so the data moves when
/// the lower device completes it; the caller hears about it only after the drawn latency has passed on the
/// scheduler. Because each bio draws its own latency, later bios can complete before earlier ones, as on a
/// real queue. Latency draws go through an <see cref="IChoiceSource"/> labelled <c>&lt;name&gt;:latency:&lt;kind&gt;</c>.
/// </summary>
public sealed class LatencyDevice : IBlockDevice
{
    private readonly IBlockDevice _lower;      // where bios really go
    private readonly IIoScheduler _scheduler;  // completions are delayed on it
    private readonly IChoiceSource _choices;   // latency draws
    private readonly LatencyProfile _profile;  // distribution per kind of bio

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

    /// <inheritdoc />
    public QueueLimits Limits => _lower.Limits;

    /// <inheritdoc />
    public void Submit(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        (LatencyDistribution distribution, string kind) = _profile.For(bio);

        // Draw at submission, not at completion: submission order is what the caller controls, so the sequence of
        // draws stays the same even when the lower device completes bios in a different order.
        long delay = distribution.SampleNanoseconds(_choices, $"{Name}:latency:{kind}");
        var pending = new DelayedCompletion(bio, delay, _scheduler);
        BlockLayer.Submit(_lower, ChildBios.Forward(bio, bio.Sector, pending));
    }

    /// <summary>Holds a parent bio until its child has completed and the drawn latency has passed.</summary>
    private sealed class DelayedCompletion(Bio parent, long delayNanoseconds, IIoScheduler scheduler) : IBioEndIo
    {
        public void EndIo(Bio bio)
        {
            BlkStatus status = bio.Status;
            scheduler.Schedule(delayNanoseconds, () => parent.Complete(status));
        }
    }
}
