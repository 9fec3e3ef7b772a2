namespace DmIo.Testing;

/// <summary>
/// An in-memory block device for tests that records every bio it receives (operation, flags, sector, size, segment
/// lengths, and the bytes of each write) and completes it at once, in the submitter's thread, with the status
/// <see cref="Status"/> picks (<see cref="BlkStatus.Ok"/> when it is null). By default it also stores data like a
/// memory disk: writes land in <see cref="Data"/>, reads return it, discard and write-zeroes clear it; a failed bio
/// moves no data. A bio past the end of the device is recorded and completed with <see cref="BlkStatus.IoError"/>.
/// </summary>
/// <example>
/// <code>
/// var disk = new RecordingDevice("disk", capacitySectors: 64) { Status = bio => bio.Sector >= 32 ? BlkStatus.IoError : BlkStatus.Ok };
/// ulong bits = 0;
/// DmIoEngine.Execute(request, [new IoRegion(disk, 0, 64)], ref bits);
/// Assert.Equal(2, disk.Bios.Count);
/// </code>
/// </example>
public sealed class RecordingDevice : IBlockDevice
{
    private readonly byte[]? _data;
    private readonly object _lock = new();
    private readonly List<RecordedBio> _bios = [];

    /// <summary>Creates a device of <paramref name="capacitySectors"/> sectors.</summary>
    /// <param name="name">The device name, as dm-io reports it.</param>
    /// <param name="capacitySectors">The capacity in 512-byte sectors; positive.</param>
    /// <param name="limits">The queue limits (validated); <see cref="QueueLimits.Default"/> when null.</param>
    /// <param name="storesData">True (the default) to keep the data like a memory disk; false to only record (reads then leave the buffer as it was).</param>
    /// <exception cref="ArgumentException">The name is empty, the capacity is not positive or too large to hold in memory, or the limits are invalid.</exception>
    public RecordingDevice(string name, long capacitySectors, QueueLimits? limits = null, bool storesData = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (capacitySectors <= 0 || (storesData && capacitySectors > Array.MaxLength >> DmIoConstants.SectorShift))
        {
            throw new ArgumentException(
                $"The capacity of {name} must be between 1 and {Array.MaxLength >> DmIoConstants.SectorShift} sectors when it stores data, not {capacitySectors}.",
                nameof(capacitySectors));
        }

        Name = name;
        CapacitySectors = capacitySectors;
        Limits = (limits ?? QueueLimits.Default).Validate();
        _data = storesData ? new byte[capacitySectors << DmIoConstants.SectorShift] : null;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long CapacitySectors { get; }

    /// <inheritdoc />
    public QueueLimits Limits { get; }

    /// <summary>Bio-based (the default: bios arrive as dm-io built them) or request-based (the block layer splits them against <see cref="Limits"/> first).</summary>
    public BlockQueueKind QueueKind { get; set; } = BlockQueueKind.BioBased;

    /// <summary>Picks each bio's completion status from its record; null completes every bio with <see cref="BlkStatus.Ok"/>.</summary>
    public Func<RecordedBio, BlkStatus>? Status { get; set; }

    /// <summary>A stop for runaway tests: the bio after this many fails the submitter with an <see cref="InvalidOperationException"/>.</summary>
    public int MaxBios { get; set; } = 100_000;

    /// <summary>True when the device keeps data (<see cref="Data"/> is usable).</summary>
    public bool StoresData => _data is not null;

    /// <summary>Every bio received so far, in submission order (a snapshot).</summary>
    public IReadOnlyList<RecordedBio> Bios
    {
        get
        {
            lock (_lock)
            {
                return [.. _bios];
            }
        }
    }

    /// <summary>The stored bytes, <see cref="CapacitySectors"/> sectors of them; write to it to set up contents.</summary>
    /// <exception cref="InvalidOperationException">The device was created with <c>storesData: false</c>.</exception>
    public Span<byte> Data => _data ?? throw new InvalidOperationException($"{Name} was created with storesData: false and keeps no data.");

    /// <summary>Forgets the recorded bios (the data stays).</summary>
    public void ClearBios()
    {
        lock (_lock)
        {
            _bios.Clear();
        }
    }

    /// <inheritdoc />
    public void Submit(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        RecordedBio record = Record(bio);
        bool inRange = bio.Sector >= 0 && bio.Sector + record.Sectors <= CapacitySectors;
        BlkStatus status = inRange ? Status?.Invoke(record) ?? BlkStatus.Ok : BlkStatus.IoError;
        if (status == BlkStatus.Ok && _data is not null && record.Sectors > 0)
        {
            lock (_lock)
            {
                Span<byte> range = _data.AsSpan((int)(bio.Sector << DmIoConstants.SectorShift), (int)record.Bytes);
                switch (bio.Operation)
                {
                    case BioOperation.Read:
                        bio.CopyToSegments(range);
                        break;
                    case BioOperation.Write:
                        record.Data.AsSpan().CopyTo(range);
                        break;
                    default:
                        range.Clear();
                        break;
                }
            }
        }

        bio.Complete(status);
    }

    private RecordedBio Record(Bio bio)
    {
        int[] lengths = new int[bio.SegmentCount];
        for (int i = 0; i < lengths.Length; i++)
        {
            lengths[i] = bio.Segments[i].Length;
        }

        byte[]? written = null;
        if (bio.Operation == BioOperation.Write && bio.Size > 0)
        {
            written = new byte[bio.Size];
            bio.CopyFromSegments(written);
        }

        lock (_lock)
        {
            if (_bios.Count >= MaxBios)
            {
                throw new InvalidOperationException($"{Name} received more than {MaxBios} bios; raise MaxBios if that many are expected.");
            }

            var record = new RecordedBio(_bios.Count, bio.Operation, bio.Flags, bio.Sector, bio.Size >> DmIoConstants.SectorShift, lengths, bio.Priority, written);
            _bios.Add(record);
            return record;
        }
    }
}
