using System.Globalization;
using System.Text;
using DmIo.Clients.Kcopyd;
using DmIo.Clients.Logs;
using DmIo.Clients.Regions;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.Clients.Mirror;

/// <summary>
/// The <c>mirror</c> device-mapper target of Linux 6.12 (drivers/md/dm-raid1.c): every write goes to all legs in one
/// multi-region dm-io request, reads go to one healthy leg, a dirty log and a region hash track which regions may
/// differ, and kcopyd resynchronises them from the default leg. Its work runs as the kernel's <c>kmirrord</c> does:
/// one work item on the injected <see cref="IIoScheduler"/>, never running twice at once.
/// </summary>
/// <remarks>
/// <para>Built by a table line <c>mirror &lt;log type&gt; &lt;#log args&gt; &lt;log args...&gt; &lt;#legs&gt; (&lt;dev&gt; &lt;offset&gt;)... [&lt;#features&gt; &lt;features...&gt;]</c>
/// (see <see cref="MirrorTableParser"/>). The kernel activates a new mirror with a resume right after loading it
/// (<c>dmsetup create</c>); here the first run of the worker does that resume (the log reads its state back and
/// recovery starts), and bios arriving earlier wait in the worker's queues.</para>
/// <para>Kernel log lines (<c>DMERR</c>, <c>DMWARN</c>) are kept, without the <c>device-mapper: raid1:</c> prefix, in
/// <see cref="KernelLog"/>. The kernel rate-limits some (<c>DMERR_LIMIT</c>); every one is kept here.</para>
/// </remarks>
public sealed partial class MirrorTarget : IBlockDevice, IDeviceMapperTarget, ITargetText, ISuspendableTarget, IDisposable
{
    /// <summary>The most regions recovered at once (<c>MAX_RECOVERY</c>).</summary>
    public const int MaxRecovery = 1;

    /// <summary>How many io objects the mirror's own dm-io client reserves: the kernel's default <c>reserved_bio_based_ios</c>.</summary>
    private const int ReservedIos = 16;

    private readonly MirrorLeg[] _legs;              // the legs, in table order
    private readonly IDirtyLog _log;                 // the dirty log (owned by the region hash)
    private readonly RegionHash _rh;                 // region states over the log (owned)
    private readonly DmIoClient _io;                 // the mirror's own dm-io client (owned)
    private readonly KcopydClient _kcopyd;           // resynchronisation copies (owned)
    private readonly IIoScheduler _scheduler;        // where the worker runs and waits happen
    private readonly Lock _lock = new();             // guards the queues, the flags and the legs' states below
    private readonly List<string> _kernelLog = [];   // DMERR / DMWARN lines, oldest first; under _lock
    private readonly Dictionary<Bio, MirrorBio> _records = new(ReferenceEqualityComparer.Instance); // bios given to us and not completed
    private List<MirrorBio> _reads = [];             // reads waiting for the worker (ms->reads)
    private List<MirrorBio> _writes = [];            // writes waiting for the worker (ms->writes)
    private List<MirrorBio> _failures = [];          // writes that failed on some leg (ms->failures)
    private List<MirrorBio> _holds = [];             // failed writes held until a suspend (ms->holds)
    private int _defaultLeg;                         // index of the default leg (ms->default_mirror)
    private bool _inSync;                            // every region resynchronised once (ms->in_sync)
    private bool _logFailure;                        // a log flush failed (ms->log_failure)
    private bool _legFailure;                        // some leg failed since the last full resync (ms->leg_failure)
    private bool _suspending;                        // between presuspend and resume (ms->suspend)
    private bool _noflushSuspending;                 // the suspend in progress is a noflush one (dm_noflush_suspending)
    private bool _activated;                         // the first resume has run
    private bool _workQueued;                        // the worker is scheduled and has not started (work pending)
    private bool _workerRunning;                     // the worker is running now
    private bool _rerun;                             // the worker was woken while running: run once more
    private long _events;                            // dm_table_event calls
    private bool _disposed;

    private MirrorTarget(string name, long lengthSectors, MirrorSettings settings, IIoScheduler scheduler)
    {
        Name = name;
        CapacitySectors = lengthSectors;
        Features = settings.Features;
        _scheduler = scheduler;
        _log = settings.Log;
        _legs = [.. settings.Legs.Select((leg, i) => new MirrorLeg(i, leg.Device, leg.Offset))];
        RegionSize = _log.RegionSize;
        RegionCount = _log.RegionCount;
        Limits = LimitStacking.ForTarget(Traits, [.. _legs.Select(l => l.Device)]);
        _io = DmIoClient.CreateWithIoCapacity(ReservedIos, scheduler);
        _kcopyd = KcopydClient.Create(scheduler);
        _rh = new RegionHash(_log, targetBegin: 0, MaxRecovery, scheduler, DispatchBios, WakeMirrord, WakeRecoveryWaiters); // bios come target-relative
        _recoveryStopped = new MirrorWait(() => _rh.RecoveryInFlight == 0, $"mirror {name}: recovery stopped");
        _workerIdle = new MirrorWait(WorkerIsIdle, $"mirror {name}: worker idle");
        WakeMirrord(); // as mirror_ctr does; the first run also performs the activating resume
    }

    /// <summary>What device-mapper core knows of the target: it takes discards (<c>num_discard_bios = 1</c>) but not write-zeroes.</summary>
    public static TargetLimitTraits Traits { get; } = new() { Target = "mirror", Discards = true };

    /// <summary>Builds a mirror from a table line (<c>mirror_ctr</c>), creating its dirty log through <see cref="DirtyLogs.Create"/>.</summary>
    /// <param name="args">The table line.</param>
    /// <returns>The mirror.</returns>
    /// <exception cref="TableSyntaxException">The kernel would refuse the line; nothing was built and no I/O was done.</exception>
    public static MirrorTarget FromTable(TargetArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        MirrorTarget? built = null;
        MirrorSettings settings = MirrorTableParser.Parse(args, (type, logArgs) =>
            DirtyLogs.Create(type, logArgs, args.LengthSectors, args.ResolveDevice, args.Scheduler, () => built?.FlushLegs() ?? 0));
        built = new MirrorTarget(BuiltInTargets.SegmentName(args), args.LengthSectors, settings, args.Scheduler);
        return built;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long CapacitySectors { get; }

    /// <summary>The legs' limits stacked as device-mapper does for a target that takes discards.</summary>
    public QueueLimits Limits { get; }

    /// <summary>The region size in sectors, from the log.</summary>
    public uint RegionSize { get; }

    /// <summary>How many regions the mirror has (<c>nr_regions</c>); the last may be shorter than <see cref="RegionSize"/>.</summary>
    public long RegionCount { get; }

    /// <summary>The features the table line listed.</summary>
    public MirrorFeatures Features { get; }

    /// <summary>The legs, in table order.</summary>
    public IReadOnlyList<MirrorLeg> Legs => _legs;

    /// <summary>The dirty log.</summary>
    public IDirtyLog Log => _log;

    /// <summary>The leg reads start from and resynchronisation copies from (<c>default_mirror</c>).</summary>
    public MirrorLeg DefaultLeg
    {
        get
        {
            lock (_lock)
            {
                return _legs[_defaultLeg];
            }
        }
    }

    /// <summary>True once every region has been resynchronised (<c>ms-&gt;in_sync</c>); a failed write clears it.</summary>
    public bool InSync
    {
        get
        {
            lock (_lock)
            {
                return _inSync;
            }
        }
    }

    /// <summary>How many device-mapper events the mirror raised (<c>dm_table_event</c>): new leg failures and the end of a resync.</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <summary>Every region is split off at its boundary by device-mapper (<c>dm_set_target_max_io_len(ti, region_size)</c>).</summary>
    public long MaxIoLenSectors => RegionSize;

    /// <inheritdoc />
    public string TargetType => "mirror";

    /// <summary>
    /// The table arguments as 6.12's <c>mirror_status</c> prints them for <c>STATUSTYPE_TABLE</c>: the log's table text,
    /// the leg count, each leg's device and offset, then the features if any.
    /// </summary>
    public string Table
    {
        get
        {
            // The log's own text ends in a space, as 6.12's core_status and disk_status print it.
            var text = new StringBuilder(_log.Table).Append(_legs.Length.ToString(CultureInfo.InvariantCulture));
            foreach (MirrorLeg leg in _legs)
            {
                text.Append(' ').Append(leg.Device.Name).Append(' ').Append(leg.Offset.ToString(CultureInfo.InvariantCulture));
            }

            int featureCount = ((Features & MirrorFeatures.HandleErrors) != 0 ? 1 : 0) + ((Features & MirrorFeatures.KeepLog) != 0 ? 1 : 0);
            if (featureCount > 0)
            {
                text.Append(' ').Append(featureCount.ToString(CultureInfo.InvariantCulture));
                if ((Features & MirrorFeatures.HandleErrors) != 0)
                {
                    text.Append(" handle_errors");
                }

                if ((Features & MirrorFeatures.KeepLog) != 0)
                {
                    text.Append(" keep_log");
                }
            }

            return text.ToString();
        }
    }

    /// <summary>
    /// The status as 6.12's <c>mirror_status</c> prints it for <c>STATUSTYPE_INFO</c>:
    /// <c>&lt;#legs&gt; &lt;dev&gt;... &lt;in-sync&gt;/&lt;regions&gt; 1 &lt;health chars&gt; &lt;log status&gt;</c>, one health character per
    /// leg (<see cref="MirrorLeg.HealthChar"/>), for example <c>2 d0 d1 16/16 1 AD 1 core</c>.
    /// </summary>
    public string Status
    {
        get
        {
            var text = new StringBuilder().Append(_legs.Length.ToString(CultureInfo.InvariantCulture)).Append(' ');
            var health = new StringBuilder(_legs.Length);
            lock (_lock)
            {
                foreach (MirrorLeg leg in _legs)
                {
                    text.Append(leg.Device.Name).Append(' ');
                    health.Append(leg.HealthChar);
                }
            }

            return text.Append(CultureInfo.InvariantCulture, $"{_log.SyncCount}/{RegionCount} 1 {health} {_log.Status}").ToString();
        }
    }

    /// <summary>The lines the kernel would have logged (DMERR, DMWARN), oldest first, without the <c>device-mapper: raid1:</c> prefix.</summary>
    /// <returns>A copy of the log.</returns>
    public IReadOnlyList<string> KernelLog()
    {
        lock (_lock)
        {
            return [.. _kernelLog];
        }
    }

    /// <summary>
    /// Takes a bio (<c>mirror_map</c>): writes, and reads of regions the log does not know to be in sync, go to the
    /// worker; other reads go straight to a healthy leg, and fail at once when none is left.
    /// </summary>
    /// <param name="bio">A bio for this target, its sector relative to the target's start.</param>
    public void Submit(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        var record = new MirrorBio(this, bio);
        lock (_lock)
        {
            _records.Add(bio, record);
        }

        if (bio.Operation.IsWrite())
        {
            record.WriteRegion = _rh.BioToRegion(bio);
            QueueBio(record, write: true);
            return;
        }

        bool activated;
        lock (_lock)
        {
            activated = _activated;
        }

        if (!activated || !_log.InSync(_rh.BioToRegion(bio)))
        {
            QueueBio(record, write: false);
            return;
        }

        MirrorLeg? leg = ChooseMirror();
        if (leg is null)
        {
            Finish(record, BlkStatus.IoError); // DM_MAPIO_KILL: no end_io
            return;
        }

        record.Retriable = true;
        SendToLeg(record, leg);
    }

    /// <summary>
    /// Destroys the mirror (<c>mirror_dtr</c>): its kcopyd and dm-io clients and its log. As 6.12's
    /// <c>__dm_destroy</c> suspends a device that is not suspended before its targets' destructors run, an active
    /// mirror first runs its presuspend and postsuspend hooks: held writes fail, recovery stops and the copies in
    /// flight finish, the worker drains. A worker run still scheduled afterwards does nothing.
    /// </summary>
    /// <exception cref="SimulationStalledException">A copy in flight can never finish (its device holds it forever); the mirror is then left undisposed.</exception>
    public void Dispose()
    {
        bool suspend;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            suspend = _activated && !_suspending;
        }

        if (suspend)
        {
            Presuspend(noflush: false);
            Postsuspend();
        }

        lock (_lock)
        {
            _disposed = true;
        }

        _kcopyd.Dispose();
        _io.Dispose();
        _rh.Dispose(); // and the log
    }

    /// <inheritdoc />
    public override string ToString() => $"mirror {Name} ({string.Join(", ", _legs.Select(l => l.ToString()))})";

    /// <summary>Appends a kernel log line.</summary>
    private void KernelMessage(string line)
    {
        lock (_lock)
        {
            _kernelLog.Add(line);
        }
    }

    /// <summary>Raises a device-mapper event (<c>dm_table_event</c>).</summary>
    private void TriggerEvent() => Interlocked.Increment(ref _events);

    /// <summary>Completes the bio we were given and forgets it.</summary>
    private void Finish(MirrorBio record, BlkStatus status)
    {
        lock (_lock)
        {
            _records.Remove(record.Bio);
        }

        record.Bio.Complete(status);
    }

    /// <summary>Finds the record of a bio handed back by the region hash.</summary>
    private MirrorBio RecordOf(Bio bio)
    {
        lock (_lock)
        {
            return _records[bio];
        }
    }

    /// <summary>Sends a clone of the record's bio straight to <paramref name="leg"/> (<c>map_bio</c> and a remap).</summary>
    private void SendToLeg(MirrorBio record, MirrorLeg leg)
    {
        record.Leg = leg;
        Bio bio = record.Bio;
        var clone = new Bio();
        clone.Init(bio.Operation, bio.Flags, bio.Size == 0 ? 0 : leg.Offset + bio.Sector, record, vecCapacity: 0);
        clone.CloneRangeOf(bio, 0, bio.Size);
        clone.Id = bio.Id;
        clone.Priority = bio.Priority;
        BlockLayer.Submit(leg.Device, clone);
    }

    /// <summary>A clone sent straight to a leg completed: a read goes through end_io, a write completes as it came back.</summary>
    internal void LegCloneDone(MirrorBio record, BlkStatus status)
    {
        if (record.Bio.Operation.IsWrite())
        {
            EndWrite(record, status);
        }
        else
        {
            EndRead(record, status);
        }
    }
}
