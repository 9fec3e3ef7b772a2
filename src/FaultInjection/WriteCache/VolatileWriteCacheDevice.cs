namespace DmIo.FaultInjection;

/// <summary>
/// A disk with a volatile write cache over another device that stands for its stable media. It reports a
/// volatile cache and FUA, so PREFLUSH and FUA reach it. A write without FUA is held in the cache and completes at
/// once; reads see it. A PREFLUSH writes every cached write back to the media, oldest first, before the bio's own
/// data is handled; a FUA write, a discard and a write-zeroes go straight to the media (dropping any older cached
/// data they overwrite, so a later flush cannot resurrect it). <see cref="Crash"/> cuts the power: each write still
/// in the cache is lost, kept or torn as a seeded <see cref="CrashPolicy"/> decides, and everything that was flushed
/// or written with FUA is untouched. Losses are written to the <see cref="FaultRecord"/> (rule <c>crash</c>).
/// </summary>
/// <remarks>Bios that change the media run one at a time, in arrival order, so a write-back never races a FUA
/// write to the same sectors; reads and cached writes never wait.</remarks>
public sealed class VolatileWriteCacheDevice : IBlockDevice
{
    private readonly IBlockDevice _lower;           // the stable media
    private readonly IIoScheduler _scheduler;       // the clock for records
    private readonly IChoiceSource _choices;        // crash fates
    private readonly FaultRecord _record;           // crash losses
    private readonly CrashPolicy _policy;           // how a crash treats each volatile write
    private readonly object _lock = new();          // guards everything below
    private readonly List<CachedWrite> _cache = []; // volatile writes, oldest first
    private readonly Queue<Bio> _waiting = new();   // media-changing bios waiting for the one in progress
    private bool _busy;                             // a media-changing bio is in progress
    private long _epoch;                            // crashes so far; a write-back from before a crash stops
    private CachedWrite? _inFlight;                 // the cached write a flush is writing to the media right now

    /// <summary>Creates a write cache over <paramref name="media"/>.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="media">The device that holds what survives a crash.</param>
    /// <param name="scheduler">The clock for fault records.</param>
    /// <param name="choices">Where crash fates are drawn.</param>
    /// <param name="record">Where crash losses are written.</param>
    /// <param name="policy">How a crash treats volatile writes; <see cref="CrashPolicy.LoseAll"/> when null.</param>
    public VolatileWriteCacheDevice(string name, IBlockDevice media, IIoScheduler scheduler, IChoiceSource choices, FaultRecord record, CrashPolicy? policy = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(record);
        _policy = (policy ?? CrashPolicy.LoseAll).Validate(nameof(policy));
        Name = name;
        _lower = media;
        _scheduler = scheduler;
        _choices = choices;
        _record = record;
        Limits = media.Limits with { VolatileWriteCache = true, Fua = true };
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long CapacitySectors => _lower.CapacitySectors;

    /// <summary>
    /// The media's limits with a volatile write cache and FUA: the kernel counterpart is the same disk with its write
    /// cache on (a SCSI or NVMe disk with WCE set, null_blk with <c>cache_size</c> and its default <c>fua=1</c>).
    /// </summary>
    public QueueLimits Limits { get; }

    /// <summary>The writes now in the cache (not yet on stable media), oldest first, as (sector, sector count).</summary>
    public IReadOnlyList<(long Sector, long SectorCount)> VolatileRanges
    {
        get
        {
            lock (_lock)
            {
                return [.. _cache.Select(w => (w.Sector, w.SectorCount))];
            }
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
            CachedWrite[] overlay;
            lock (_lock)
            {
                overlay = [.. _cache]; // what the cache holds now is what this read must see over the media
            }

            BlockLayer.Submit(_lower, ChildBios.Forward(bio, bio.Sector, new ReadOverlay(bio, overlay)));
            return;
        }

        if (bio.Operation == BioOperation.Write && (bio.Flags & (BioFlags.Preflush | BioFlags.Fua)) == 0)
        {
            Cache(bio); // a plain write never waits: it only touches the cache
            bio.Complete(BlkStatus.Ok);
            return;
        }

        lock (_lock)
        {
            if (_busy)
            {
                _waiting.Enqueue(bio);
                return;
            }

            _busy = true;
        }

        Start(bio);
    }

    /// <summary>
    /// Cuts the power. Every write still in the cache is lost, kept (written to the media) or torn (its first
    /// sectors written), as the policy draws, oldest first; bios waiting behind a flush fail with an I/O error, and
    /// a write-back in progress stops. Afterwards the cache is empty and the device serves new bios.
    /// </summary>
    /// <returns>What happened to each volatile write.</returns>
    public CrashReport Crash()
    {
        CachedWrite[] volatileWrites;
        Bio[] waiting;
        CachedWrite? inFlight;
        lock (_lock)
        {
            _epoch++;
            inFlight = _inFlight;
            _inFlight = null;
            volatileWrites = [.. _cache];
            _cache.Clear();
            waiting = [.. _waiting];
            _waiting.Clear();
        }

        long now = _scheduler.NowNanoseconds;
        var fates = new List<CrashedWrite>(volatileWrites.Length);
        foreach (CachedWrite write in volatileWrites)
        {
            if (ReferenceEquals(write, inFlight))
            {
                // A flush already handed this one to the media and cannot take it back: it lands.
                fates.Add(new CrashedWrite(write.BioId, write.Sector, write.SectorCount, CrashFate.Kept, write.SectorCount));
                continue;
            }

            CrashFate fate = _policy.Choose(_choices, $"{Name}:crash:fate", write.SectorCount);
            long kept = fate switch
            {
                CrashFate.Kept => write.SectorCount,
                CrashFate.Torn => 1 + (long)_choices.Choose($"{Name}:crash:tear_keep", (ulong)write.SectorCount - 1),
                _ => 0,
            };
            if (kept > 0)
            {
                // The surviving sectors reach the media in the order they were written, so newer data wins.
                Memory<byte> survivor = write.Data.AsMemory(0, (int)(kept << DmIoConstants.SectorShift));
                BlockLayer.Submit(_lower, ChildBios.WriteOf(null, BioFlags.None, write.Sector, survivor, IgnoreCompletion.Instance));
            }

            if (kept < write.SectorCount)
            {
                _record.Add(now, Name, null, BioOperation.Write, write.Sector + kept, write.SectorCount - kept, "crash",
                    fate == CrashFate.Torn ? "torn" : "lost", BlkStatus.Ok);
            }

            fates.Add(new CrashedWrite(write.BioId, write.Sector, write.SectorCount, fate, kept));
        }

        foreach (Bio bio in waiting)
        {
            _record.Add(now, Name, bio, bio.Operation, bio.Sector, bio.SectorCount, "crash", "fail", BlkStatus.IoError);
            bio.Complete(BlkStatus.IoError);
        }

        return new CrashReport(Name, now, fates, waiting.Length);
    }

    private void Cache(Bio bio)
    {
        byte[] data = ChildBios.Gather(bio);
        lock (_lock)
        {
            _cache.Add(new CachedWrite(bio.Id, bio.Sector, data));
        }
    }

    /// <summary>Runs one media-changing bio: its flush first, if any, then its own payload.</summary>
    private void Start(Bio bio)
    {
        if ((bio.Flags & BioFlags.Preflush) == 0)
        {
            WritePayload(bio);
            return;
        }

        CachedWrite[] dirty;
        long epoch;
        lock (_lock)
        {
            dirty = [.. _cache];
            epoch = _epoch;
        }

        new WriteBack(this, bio, dirty, epoch).Next();
    }

    /// <summary>Handles the bio's own data once any flush it carried has completed.</summary>
    private void WritePayload(Bio bio)
    {
        if (bio.Operation == BioOperation.Write && bio.Size == 0)
        {
            Finish(bio, BlkStatus.Ok); // an empty flush: the write-back was all of it
            return;
        }

        if (bio.Operation == BioOperation.Write && (bio.Flags & BioFlags.Fua) == 0)
        {
            Cache(bio); // PREFLUSH without FUA: the flush is done, the data itself is volatile
            Finish(bio, BlkStatus.Ok);
            return;
        }

        // FUA write, discard or write-zeroes: straight to the media. Older cached data for these sectors is now
        // stale; drop it so a later flush or a kept crash write cannot overwrite the newer data.
        lock (_lock)
        {
            Trim(bio.Sector, bio.SectorCount);
        }

        Bio child = ChildBios.Forward(bio, bio.Sector, new BioEndIoAction(c => Finish(bio, c.Status)));
        child.Flags &= ~(BioFlags.Preflush | BioFlags.Fua);
        BlockLayer.Submit(_lower, child);
    }

    /// <summary>Completes a media-changing bio and starts the next one waiting.</summary>
    private void Finish(Bio bio, BlkStatus status)
    {
        bio.Complete(status);
        Bio? next;
        lock (_lock)
        {
            if (!_waiting.TryDequeue(out next))
            {
                _busy = false;
                return;
            }
        }

        Start(next);
    }

    /// <summary>Cuts [sector, sector + count) out of every cached write; must hold the lock.</summary>
    private void Trim(long sector, long count)
    {
        long end = sector + count;
        for (int i = _cache.Count - 1; i >= 0; i--)
        {
            CachedWrite write = _cache[i];
            if (write.End <= sector || write.Sector >= end)
            {
                continue;
            }

            _cache.RemoveAt(i);
            if (write.End > end)
            {
                _cache.Insert(i, write.Slice(end, write.End));
            }

            if (write.Sector < sector)
            {
                _cache.Insert(i, write.Slice(write.Sector, sector));
            }
        }
    }

    /// <summary>A volatile write: its bytes, held until a flush or a crash.</summary>
    private sealed record CachedWrite(long BioId, long Sector, byte[] Data)
    {
        public long SectorCount => Data.Length >> DmIoConstants.SectorShift;

        public long End => Sector + SectorCount;

        public CachedWrite Slice(long from, long to) =>
            new(BioId, from, Data.AsSpan((int)((from - Sector) << DmIoConstants.SectorShift), (int)((to - from) << DmIoConstants.SectorShift)).ToArray());
    }

    /// <summary>Lays the cached writes a read must see over the data the media returned.</summary>
    private sealed class ReadOverlay(Bio parent, CachedWrite[] overlay) : IBioEndIo
    {
        public void EndIo(Bio child)
        {
            if (child.Status == BlkStatus.Ok && overlay.Length != 0)
            {
                byte[] data = ChildBios.Gather(parent);
                long start = parent.Sector;
                long end = start + parent.SectorCount;
                foreach (CachedWrite write in overlay)
                {
                    long from = Math.Max(start, write.Sector);
                    long to = Math.Min(end, write.End);
                    if (from < to)
                    {
                        write.Data.AsSpan((int)((from - write.Sector) << DmIoConstants.SectorShift), (int)((to - from) << DmIoConstants.SectorShift))
                            .CopyTo(data.AsSpan((int)((from - start) << DmIoConstants.SectorShift)));
                    }
                }

                parent.CopyToSegments(data);
            }

            parent.Complete(child.Status);
        }
    }

    /// <summary>Writes a flush's snapshot of the cache to the media one write at a time, oldest first.</summary>
    private sealed class WriteBack(VolatileWriteCacheDevice device, Bio flush, CachedWrite[] dirty, long epoch) : IBioEndIo
    {
        private int _next; // index of the next write to persist

        public void Next()
        {
            if (_next == dirty.Length)
            {
                device.WritePayload(flush);
                return;
            }

            CachedWrite write = dirty[_next];
            bool stale;
            lock (device._lock)
            {
                stale = device._epoch != epoch;
                if (!stale)
                {
                    device._inFlight = write;
                }
            }

            if (stale)
            {
                Abandon();
                return;
            }

            BlockLayer.Submit(device._lower, ChildBios.WriteOf(flush, BioFlags.None, write.Sector, write.Data, this));
        }

        public void EndIo(Bio child)
        {
            CachedWrite written = dirty[_next++];
            bool stale;
            lock (device._lock)
            {
                stale = device._epoch != epoch;
                if (!stale)
                {
                    device._inFlight = null;
                }

                if (!stale && child.Status == BlkStatus.Ok)
                {
                    device._cache.Remove(written); // on the media now: no longer volatile
                }
            }

            if (stale)
            {
                Abandon();
                return;
            }

            if (child.Status != BlkStatus.Ok)
            {
                device.Finish(flush, child.Status);
                return;
            }

            Next();
        }

        /// <summary>Power was cut while this flush ran: the crash decided the cache's fate, the flush failed.</summary>
        private void Abandon()
        {
            device._record.Add(device._scheduler.NowNanoseconds, device.Name, flush, flush.Operation, flush.Sector, flush.SectorCount, "crash", "fail", BlkStatus.IoError);
            device.Finish(flush, BlkStatus.IoError);
        }
    }

    /// <summary>The end_io of writes a crash lets through: nobody waits for them.</summary>
    private sealed class IgnoreCompletion : IBioEndIo
    {
        public static IgnoreCompletion Instance { get; } = new();

        public void EndIo(Bio bio)
        {
        }
    }
}
