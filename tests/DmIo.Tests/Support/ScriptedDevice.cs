namespace DmIo.Tests.Support;

/// <summary>
/// A test device over a byte array that records every bio it receives and fails the ones a script picks.
/// It can complete inline, from a queue the test drains, or after a delay on a scheduler. A failed read
/// scribbles 0xBD over its segments first, as a half-finished DMA would, so zero-filling is observable.
/// </summary>
public sealed class ScriptedDevice : IBlockDevice
{
    public const byte FailedReadGarbage = 0xBD;

    private readonly byte[] _data;
    private readonly object _lock = new();
    private readonly Queue<(Bio Bio, BioRecord Record)> _pending = new();
    private readonly List<BioRecord> _submitted = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _watchers = []; // WhenSubmitted callers
    private int _inFlight;

    public ScriptedDevice(string name, long capacitySectors, QueueLimits? limits = null)
    {
        Name = name;
        CapacitySectors = capacitySectors;
        Limits = (limits ?? QueueLimits.Default).Validate();
        _data = new byte[capacitySectors << DmIoConstants.SectorShift];
    }

    public string Name { get; }

    public long CapacitySectors { get; }

    public QueueLimits Limits { get; }

    /// <summary>Bio-based (the default: bios arrive as dm-io built them) or request-based (split by the block layer against <see cref="Limits"/>).</summary>
    public BlockQueueKind QueueKind { get; set; } = BlockQueueKind.BioBased;

    /// <summary>Decides each bio's status from its record; null means every bio succeeds.</summary>
    public Func<BioRecord, BlkStatus>? Fail { get; set; }

    /// <summary>When true, bios wait in a queue until <see cref="CompleteNext"/> or <see cref="DrainCompletions"/>.</summary>
    public bool Queued { get; set; }

    /// <summary>When set, bios complete this many nanoseconds later on the scheduler.</summary>
    public (IIoScheduler Scheduler, long DelayNanoseconds)? Delayed { get; set; }

    /// <summary>A hard stop so a splitting bug that loops forever fails the test instead of hanging it.</summary>
    public int MaxBios { get; set; } = 100_000;

    public int MaxInFlightSeen { get; private set; }

    public IReadOnlyList<BioRecord> Submitted
    {
        get
        {
            lock (_lock)
            {
                return [.. _submitted];
            }
        }
    }

    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    public Span<byte> Data => _data;

    /// <summary>Completes once at least <paramref name="count"/> bios have reached the device since it was made.</summary>
    public Task WhenSubmitted(int count)
    {
        lock (_lock)
        {
            if (_submitted.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _watchers.Add((count, reached));
            return reached.Task;
        }
    }

    public void Submit(Bio bio)
    {
        BioRecord record;
        List<TaskCompletionSource> reached = [];
        bool queued;
        lock (_lock)
        {
            if (_submitted.Count >= MaxBios)
            {
                throw new InvalidOperationException($"{Name} received more than {MaxBios} bios: the splitter is looping.");
            }

            int[] lengths = new int[bio.SegmentCount];
            for (int i = 0; i < lengths.Length; i++)
            {
                lengths[i] = bio.Segments[i].Length;
            }

            record = new BioRecord(_submitted.Count, bio.Operation, bio.Flags, bio.Sector, bio.SectorCount, lengths, bio.Priority);
            _submitted.Add(record);
            foreach ((int count, TaskCompletionSource watcher) in _watchers.Where(w => w.Count <= _submitted.Count).ToList())
            {
                _watchers.Remove((count, watcher));
                reached.Add(watcher);
            }

            _inFlight++;
            MaxInFlightSeen = Math.Max(MaxInFlightSeen, _inFlight);
            queued = Queued;
            if (queued)
            {
                _pending.Enqueue((bio, record));
            }
        }

        reached.ForEach(w => w.SetResult()); // outside the lock; continuations run elsewhere
        if (queued)
        {
            return;
        }

        if (Delayed is { } d)
        {
            d.Scheduler.Schedule(d.DelayNanoseconds, () => Serve(bio, record));
            return;
        }

        Serve(bio, record);
    }

    public bool CompleteNext()
    {
        (Bio Bio, BioRecord Record) item;
        lock (_lock)
        {
            if (!_pending.TryDequeue(out item))
            {
                return false;
            }
        }

        Serve(item.Bio, item.Record);
        return true;
    }

    public int DrainCompletions()
    {
        int n = 0;
        while (CompleteNext())
        {
            n++;
        }

        return n;
    }

    private void Serve(Bio bio, BioRecord record)
    {
        BlkStatus status = Fail?.Invoke(record) ?? BlkStatus.Ok;
        lock (_lock)
        {
            int offset = (int)(bio.Sector << DmIoConstants.SectorShift);
            int size = (int)bio.Size;
            if (status != BlkStatus.Ok)
            {
                if (bio.Operation == BioOperation.Read)
                {
                    foreach (Memory<byte> segment in bio.Segments)
                    {
                        segment.Span.Fill(FailedReadGarbage);
                    }
                }
            }
            else
            {
                switch (bio.Operation)
                {
                    case BioOperation.Read:
                        bio.CopyToSegments(_data.AsSpan(offset, size));
                        break;
                    case BioOperation.Write:
                        bio.CopyFromSegments(_data.AsSpan(offset, size));
                        break;
                    default:
                        _data.AsSpan(offset, size).Clear();
                        break;
                }
            }

            _inFlight--;
        }

        bio.Complete(status);
    }
}
