using System.Globalization;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.FaultInjection;

/// <summary>
/// The kernel's <c>delay</c> target: reads, writes and flushes each wait their class's delay (virtual
/// milliseconds on the scheduler) and then go to their class's device at its offset. Routing follows the kernel's
/// <c>delay_map</c>: a read goes to the read route; any other operation goes to the flush route when it carries
/// PREFLUSH and to the write route otherwise. A PREFLUSH write that carries data is split as device-mapper's core
/// splits it: an empty flush through the flush route first, then the data without PREFLUSH through the write route.
/// Held bios are released in arrival order once due, so each class keeps its submission order.
/// <see cref="Presuspend"/> and <see cref="Resume"/> are 6.12's <c>delay_presuspend</c> and <c>delay_resume</c>, called by a
/// suspending table device (<see cref="ISuspendableTarget"/>).
/// Table syntax: <c>&lt;device&gt; &lt;offset&gt; &lt;delay&gt; [&lt;write_device&gt; &lt;write_offset&gt; &lt;write_delay&gt; [&lt;flush_device&gt; &lt;flush_offset&gt; &lt;flush_delay&gt;]]</c>.
/// </summary>
public sealed class DelayDevice : IBlockDevice, ITargetText, ISuspendableTarget
{
    private const long NanosecondsPerMillisecond = 1_000_000;

    private readonly DelayRoute[] _routes;                     // indexed by DelayClassKind
    private readonly int _tableArgumentCount;                  // 3, 6 or 9: what the table status prints
    private readonly IIoScheduler _scheduler;                  // virtual clock and timer
    private readonly FaultRecord? _record;                     // where delay decisions are logged
    private readonly object _lock = new();                     // guards _held, _heldCounts and _mayDelay
    private readonly object _dispatchLock = new();             // keeps releases in order when timers run concurrently
    private readonly LinkedList<DelayedBio> _held = new();     // held bios in arrival order (the kernel's delayed_bios)
    private readonly int[] _heldCounts = new int[3];           // held bios per class (the kernel's ops counters)
    private bool _mayDelay = true;                             // false between Presuspend and Resume (the kernel's may_delay)

    /// <summary>Creates a delay device.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="lengthSectors">Its length; every route's offset + length must fit on its device.</param>
    /// <param name="read">Where reads go (and writes and flushes, when <paramref name="write"/> is null).</param>
    /// <param name="write">Where writes go (and flushes, when <paramref name="flush"/> is null); null to use <paramref name="read"/>.</param>
    /// <param name="flush">Where flushes go; only allowed together with <paramref name="write"/>.</param>
    /// <param name="scheduler">The clock and timer delays run on.</param>
    /// <param name="record">Receives one decision per delayed bio; may be null.</param>
    public DelayDevice(string name, long lengthSectors, DelayRoute read, DelayRoute? write, DelayRoute? flush, IIoScheduler scheduler,
        FaultRecord? record = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(read);
        TargetArea.Check(read.Device, read.OffsetSectors, lengthSectors, nameof(read), nameof(read));
        if (write is not null)
        {
            TargetArea.Check(write.Device, write.OffsetSectors, lengthSectors, nameof(write), nameof(write));
        }

        if (flush is not null)
        {
            if (write is null)
            {
                throw new ArgumentException("A flush route needs a write route too (the table has 3, 6 or 9 arguments).", nameof(flush));
            }

            TargetArea.Check(flush.Device, flush.OffsetSectors, lengthSectors, nameof(flush), nameof(flush));
        }

        ArgumentNullException.ThrowIfNull(scheduler);
        Name = name;
        CapacitySectors = lengthSectors;
        _tableArgumentCount = flush is not null ? 9 : write is not null ? 6 : 3;
        write ??= read;
        flush ??= write;
        _routes = [read, write, flush];
        Limits = LimitStacking.ForTarget(TargetLimitTraits.Delay, [read.Device, write.Device, flush.Device]); // as delay_iterate_devices: all three
        _scheduler = scheduler;
        _record = record;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long CapacitySectors { get; }

    /// <inheritdoc />
    public QueueLimits Limits { get; }

    /// <summary>The route of each class.</summary>
    /// <param name="kind">The class.</param>
    /// <returns>Its device, offset and delay.</returns>
    public DelayRoute RouteOf(DelayClassKind kind) => _routes[(int)kind];

    /// <summary>Bios held now, over all classes.</summary>
    public int HeldCount
    {
        get
        {
            lock (_lock)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>True between <see cref="Presuspend"/> and <see cref="Resume"/>: bios are sent on without delay.</summary>
    public bool IsSuspended
    {
        get
        {
            lock (_lock)
            {
                return !_mayDelay;
            }
        }
    }

    /// <inheritdoc />
    public string TargetType => "delay";

    /// <summary>
    /// The status text as 6.12's <c>delay_status</c> prints it: the bios held now per class,
    /// <c>&lt;reads&gt; &lt;writes&gt; &lt;flushes&gt;</c> (each class's <c>ops</c> counter).
    /// </summary>
    public string Status
    {
        get
        {
            lock (_lock)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{_heldCounts[0]} {_heldCounts[1]} {_heldCounts[2]}");
            }
        }
    }

    /// <summary>
    /// The table text as 6.12's <c>delay_status</c> prints it: <c>&lt;dev&gt; &lt;offset&gt; &lt;delay&gt;</c> for reads, then for
    /// writes and flushes only when the line gave them (3, 6 or 9 fields, as given).
    /// </summary>
    public string Table => string.Join(' ', _routes.Take(_tableArgumentCount / 3).Select(r =>
        string.Create(CultureInfo.InvariantCulture, $"{r.Device.Name} {r.OffsetSectors} {r.DelayMilliseconds}")));

    /// <summary>Builds a delay device from a table line; throws <see cref="TableSyntaxException"/> as the kernel's constructor would fail.</summary>
    /// <param name="args">The line.</param>
    /// <param name="record">Receives its delay decisions; may be null.</param>
    /// <param name="choices">Unused (the target makes no random choices); accepted so every factory has one shape.</param>
    /// <returns>The device, of the line's length.</returns>
    public static IBlockDevice FromTable(TargetArguments args, FaultRecord? record, IChoiceSource? choices = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        (DelayRoute read, DelayRoute? write, DelayRoute? flush) = DelayTableParser.Parse(args);
        return new DelayDevice(args.DeviceName, args.LengthSectors, read, write, flush, args.Scheduler, record);
    }

    /// <summary>
    /// Prepares the target for suspension as 6.12's <c>delay_presuspend</c> does: from now on bios are not delayed, and
    /// every bio held now is sent on at once, in arrival order, without waiting for its delay (<c>flush_delayed_bios</c>
    /// with <c>flush_all</c>). The held counts drop to zero.
    /// </summary>
    /// <remarks>
    /// The table device's core then holds back new bios until it is resumed (<see cref="TableDevice.SuspendAsync"/>); only
    /// bios that reach the target between its presuspend and that point see <c>may_delay</c> false. Called directly on
    /// a delay device used bare, nothing holds bios back, so every bio submitted before the resume is sent on at once.
    /// delay_presuspend ignores the kind of suspend, and so does this.
    /// </remarks>
    /// <param name="noflush">Ignored, as by the kernel's target.</param>
    public void Presuspend(bool noflush)
    {
        lock (_lock)
        {
            _mayDelay = false;
        }

        Release(flushAll: true, trigger: null);
    }

    /// <summary>Ends a suspension as 6.12's <c>delay_resume</c> does: bios are delayed again from now on.</summary>
    public void Resume()
    {
        lock (_lock)
        {
            _mayDelay = true;
        }
    }

    /// <inheritdoc />
    public void Submit(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        if (OutsideDevice.FailIfOutside(bio, CapacitySectors))
        {
            return;
        }

        if (bio.Operation == BioOperation.Read)
        {
            Route(DelayClassKind.Read, bio, bio.Flags, bio.Size, bio.Complete);
        }
        else if ((bio.Flags & BioFlags.Preflush) == 0)
        {
            Route(DelayClassKind.Write, bio, bio.Flags, bio.Size, bio.Complete);
        }
        else if (bio.Size == 0)
        {
            Route(DelayClassKind.Flush, bio, bio.Flags, 0, bio.Complete);
        }
        else
        {
            // device-mapper's core sends the flush alone first, then the data without PREFLUSH once it succeeded.
            Route(DelayClassKind.Flush, bio, BioFlags.Preflush | BioFlags.Sync, 0, status =>
            {
                if (status != BlkStatus.Ok)
                {
                    bio.Complete(status);
                    return;
                }

                Route(DelayClassKind.Write, bio, bio.Flags & ~BioFlags.Preflush, bio.Size, bio.Complete);
            });
        }
    }

    private void Route(DelayClassKind kind, Bio bio, BioFlags flags, long byteLength, Action<BlkStatus> onDone)
    {
        DelayRoute route = _routes[(int)kind];
        long lowerSector = route.OffsetSectors + bio.Sector;
        void Send() => TargetClone.Submit(route.Device, bio, flags, lowerSector, 0, byteLength, null, onDone);
        if (route.DelayMilliseconds == 0)
        {
            Send();
            return;
        }

        long delay = route.DelayMilliseconds * NanosecondsPerMillisecond;
        var held = new DelayedBio(kind, _scheduler.NowNanoseconds + delay, Send);
        bool delayed;
        lock (_lock)
        {
            delayed = _mayDelay;
            if (delayed)
            {
                _held.AddLast(held);
                _heldCounts[(int)kind]++;
            }
        }

        if (!delayed)
        {
            Send(); // suspended: delay_bio remaps at once
            return;
        }

        _record?.Add(_scheduler.NowNanoseconds, Name, bio, bio.Operation, bio.Sector, byteLength >> DmIoConstants.SectorShift,
            RuleName(kind), "delay", BlkStatus.Ok);
        _scheduler.Schedule(delay, () => Release(flushAll: false, held));
    }

    // The kernel's flush_delayed_bios: release every held bio that is due (or all of them, for presuspend), in arrival
    // order. A real timer that fires before its bio is due (clock granularity) re-arms itself instead of releasing
    // early; a timer whose bio was already released finds nothing of its own to do.
    private void Release(bool flushAll, DelayedBio? trigger)
    {
        lock (_dispatchLock)
        {
            var due = new List<DelayedBio>();
            long rearm = 0;
            lock (_lock)
            {
                long now = _scheduler.NowNanoseconds;
                for (LinkedListNode<DelayedBio>? node = _held.First; node is not null;)
                {
                    LinkedListNode<DelayedBio>? next = node.Next;
                    if (flushAll || node.Value.Expires <= now)
                    {
                        _held.Remove(node);
                        _heldCounts[(int)node.Value.Kind]--;
                        due.Add(node.Value);
                    }
                    else if (ReferenceEquals(node.Value, trigger))
                    {
                        rearm = trigger.Expires - now;
                    }

                    node = next;
                }
            }

            if (rearm > 0)
            {
                _scheduler.Schedule(rearm, () => Release(flushAll: false, trigger));
            }

            foreach (DelayedBio held in due)
            {
                held.Dispatch();
            }
        }
    }

    private static string RuleName(DelayClassKind kind) => kind switch
    {
        DelayClassKind.Read => "read_delay",
        DelayClassKind.Write => "write_delay",
        _ => "flush_delay",
    };
}
