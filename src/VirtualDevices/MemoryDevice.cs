namespace DmIo.VirtualDevices;

/// <summary>
/// A dense in-memory block device: one byte array the size of the device. Discard and write-zeroes zero the
/// range. It completes bios inline or, in <see cref="DeviceCompletionMode.Queued"/> mode, when the owner calls
/// <see cref="CompleteNext"/> or <see cref="DrainCompletions"/>; the data moves when the bio completes.
/// Thread-safe: concurrent bios are served one at a time under a lock.
/// </summary>
public sealed class MemoryDevice : IBlockDevice
{
    private readonly byte[] _data;                 // the device contents
    private readonly object _lock = new();         // serialises data access and the queue
    private readonly Queue<Bio> _pending = new();  // queued-mode bios awaiting completion

    /// <summary>Creates a zero-filled device.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="capacitySectors">Its size in sectors: positive, at most 2 GiB worth.</param>
    /// <param name="limits">Its queue limits; <see cref="QueueLimits.Default"/> when null.</param>
    /// <param name="completion">When bios complete.</param>
    public MemoryDevice(string name, long capacitySectors, QueueLimits? limits = null, DeviceCompletionMode completion = DeviceCompletionMode.Inline)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacitySectors, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacitySectors, (long)Array.MaxLength >> DmIoConstants.SectorShift);
        if (!Enum.IsDefined(completion))
        {
            throw new ArgumentOutOfRangeException(nameof(completion), completion, "Unknown completion mode.");
        }

        Limits = (limits ?? QueueLimits.Default).Validate(nameof(limits));
        if ((capacitySectors << DmIoConstants.SectorShift) % Limits.LogicalBlockSize != 0)
        {
            throw new ArgumentException($"The capacity ({capacitySectors} sectors) must be a whole number of logical blocks ({Limits.LogicalBlockSize} bytes).", nameof(capacitySectors));
        }

        Name = name;
        CapacitySectors = capacitySectors;
        Completion = completion;
        _data = new byte[capacitySectors << DmIoConstants.SectorShift];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long CapacitySectors { get; }

    /// <inheritdoc />
    public QueueLimits Limits { get; }

    /// <summary>When this device completes bios.</summary>
    public DeviceCompletionMode Completion { get; }

    /// <summary>Bios submitted so far.</summary>
    public long BiosSubmitted { get; private set; }

    /// <summary>Queued-mode bios not yet completed.</summary>
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

    /// <inheritdoc />
    public void Submit(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        lock (_lock)
        {
            BiosSubmitted++;
            if (Completion == DeviceCompletionMode.Queued)
            {
                _pending.Enqueue(bio);
                return;
            }

            Transfer(bio);
        }

        bio.Complete(BlkStatus.Ok);
    }

    /// <summary>Completes the oldest queued bio.</summary>
    /// <returns>False when none was queued.</returns>
    public bool CompleteNext()
    {
        Bio? bio;
        lock (_lock)
        {
            if (!_pending.TryDequeue(out bio))
            {
                return false;
            }

            Transfer(bio);
        }

        bio.Complete(BlkStatus.Ok);
        return true;
    }

    /// <summary>Completes every queued bio, including any queued by the completions themselves.</summary>
    /// <returns>How many bios were completed.</returns>
    public int DrainCompletions()
    {
        int n = 0;
        while (CompleteNext())
        {
            n++;
        }

        return n;
    }

    /// <summary>Copies the device's bytes at <paramref name="sector"/> into <paramref name="destination"/>, bypassing dm-io.</summary>
    /// <param name="sector">The first sector.</param>
    /// <param name="destination">Where to copy; its length says how much.</param>
    public void ReadDirect(long sector, Span<byte> destination)
    {
        lock (_lock)
        {
            _data.AsSpan(checked((int)(sector << DmIoConstants.SectorShift)), destination.Length).CopyTo(destination);
        }
    }

    /// <summary>Copies <paramref name="source"/> onto the device at <paramref name="sector"/>, bypassing dm-io.</summary>
    /// <param name="sector">The first sector.</param>
    /// <param name="source">The bytes to place.</param>
    public void WriteDirect(long sector, ReadOnlySpan<byte> source)
    {
        lock (_lock)
        {
            source.CopyTo(_data.AsSpan(checked((int)(sector << DmIoConstants.SectorShift)), source.Length));
        }
    }

    private void Transfer(Bio bio)
    {
        int offset = (int)(bio.Sector << DmIoConstants.SectorShift);
        switch (bio.Operation)
        {
            case BioOperation.Read:
                bio.CopyToSegments(_data.AsSpan(offset, (int)bio.Size));
                break;
            case BioOperation.Write:
                bio.CopyFromSegments(_data.AsSpan(offset, (int)bio.Size));
                break;
            case BioOperation.Discard:
            case BioOperation.WriteZeroes:
                _data.AsSpan(offset, (int)bio.Size).Clear();
                break;
        }
    }
}
