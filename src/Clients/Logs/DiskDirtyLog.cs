namespace DmIo.Clients.Logs;

/// <summary>
/// The <c>disk</c> dirty log of 6.12's dm-log.c: the core log's bits, with the clean bitset also kept on a log device
/// so that after a crash only the regions it shows dirty are resynchronised. Table arguments:
/// <c>&lt;log_dev&gt; &lt;region_size&gt; [[no]sync]</c>.
/// </summary>
/// <remarks>
/// <para>On the device: a <see cref="DiskLogHeader"/> at sector 0 and the clean bitset (little-endian bit order, one
/// bit per region, rounded up to 64-bit words) at sector 2. The log reads and writes header and bitset together as one
/// buffer of <see cref="LogAreaSectors"/> sectors, with synchronous dm-io requests through its own client:
/// <see cref="Resume"/> reads it, then writes it back and sends an empty PREFLUSH; <see cref="Flush"/> writes it when
/// a bit changed, and sends the PREFLUSH only when a bit was cleared (a region became dirty).</para>
/// <para>A failed write or read marks the log device failed (status <c>D</c>); a failed PREFLUSH marks it flush-failed
/// (status <c>F</c>). Unlike the kernel, which leaves the in-memory header uninitialised when the very first read of
/// the log device fails, this log then writes a fresh header (magic, version 2): the kernel would write whatever its
/// allocation held.</para>
/// </remarks>
public sealed class DiskDirtyLog : BitmapDirtyLog
{
    /// <summary>The type name a table gives: <c>disk</c>.</summary>
    public const string Type = "disk";

    /// <summary>The kernel's text for a wrong number of arguments (<c>disk_ctr</c>).</summary>
    internal const string ArgumentCountMessage = "wrong number of arguments to disk dirty region log";

    private readonly byte[] _buffer;            // header then clean bitset, as read from and written to the device
    private readonly DmIoClient _client;         // the log's own dm-io client (dm_io_client_create)
    private readonly Func<int>? _flushCallback;  // flush_callback_fn: flushes the mirror's legs; non-zero on failure
    private DiskLogHeader _header;               // the header as last read or written (lc->header)

    /// <summary>
    /// Creates a disk log from its table arguments, as <c>disk_ctr</c> does: the argument count, then the device, then
    /// the region size and sync word, then the device's size. Bad arguments throw <see cref="ArgumentException"/> with
    /// the kernel's DMWARN text (for example <c>log device log0 too small: need 5120 bytes</c>) and issue no I/O.
    /// </summary>
    /// <param name="args">The log device's name, the region size in sectors, then optionally <c>sync</c> or <c>nosync</c>.</param>
    /// <param name="targetSectors">The mirrored target's length in sectors.</param>
    /// <param name="lookupDevice">Finds a device by name (the table's <c>dm_get_device</c>); null when there is none.</param>
    /// <param name="scheduler">The scheduler the log's synchronous dm-io requests wait through.</param>
    /// <param name="flushCallback">
    /// Called before the log writes a newly cleaned bit, to flush the mirror's legs first (the kernel's
    /// <c>flush_callback_fn</c>, the mirror's <c>mirror_flush</c>); returns non-zero when that flush failed. Null for none.
    /// </param>
    public DiskDirtyLog(IReadOnlyList<string> args, long targetSectors, Func<string, IBlockDevice?> lookupDevice, IIoScheduler scheduler,
        Func<int>? flushCallback)
        : this(Parse(args, targetSectors, lookupDevice, scheduler), scheduler, flushCallback)
    {
    }

    private DiskDirtyLog((DirtyLogParameters Parameters, IBlockDevice Device, int BufferBytes) parsed, IIoScheduler scheduler, Func<int>? flushCallback)
        : this(parsed.Parameters, parsed.Device, new byte[parsed.BufferBytes], scheduler, flushCallback)
    {
    }

    private DiskDirtyLog(DirtyLogParameters parameters, IBlockDevice device, byte[] buffer, IIoScheduler scheduler, Func<int>? flushCallback)
        : base(parameters, buffer.AsMemory(DiskLogHeader.BitsetSector * DmIoConstants.SectorSize, parameters.BitsetBytes))
    {
        LogDevice = device;
        _buffer = buffer;
        _flushCallback = flushCallback;
        _client = DmIoClient.Create(1, scheduler);
    }

    /// <inheritdoc />
    public override string TypeName => Type;

    /// <summary>The log device.</summary>
    public IBlockDevice LogDevice { get; }

    /// <summary>How many sectors of the log device the header and bitset occupy, from sector 0.</summary>
    public long LogAreaSectors => _buffer.Length >> DmIoConstants.SectorShift;

    /// <summary>True once a read, write or flush of the log device failed (<c>log_dev_failed</c>); it stays set.</summary>
    public bool LogDeviceFailed { get; private set; }

    /// <summary>True once a flush of the log device failed (<c>log_dev_flush_failed</c>); it stays set.</summary>
    public bool LogDeviceFlushFailed { get; private set; }

    /// <summary>
    /// The status for STATUSTYPE_INFO (<c>disk_status</c>): <c>3 disk &lt;log_dev&gt; &lt;A|D|F&gt;</c>, where <c>F</c> means a
    /// flush of the log device failed, <c>D</c> that a read or write failed, and <c>A</c> that it is alive.
    /// </summary>
    public override string Status => $"3 {Type} {LogDevice.Name} {(LogDeviceFlushFailed ? 'F' : LogDeviceFailed ? 'D' : 'A')}";

    /// <summary>
    /// The table text for STATUSTYPE_TABLE (<c>disk_status</c>): <c>disk &lt;#args&gt; &lt;log_dev&gt; &lt;region_size&gt; </c>
    /// and the sync word, each followed by a space as the kernel emits it, for example <c>disk 2 log0 1024 </c>.
    /// </summary>
    public override string Table => $"{Type} {2 + SyncArgumentCount} {LogDevice.Name} {RegionSize} {SyncText}";

    /// <summary>
    /// Reads the log back and writes it out again (<c>disk_resume</c>). A header without the magic, or any header when
    /// the table said <c>sync</c> or <c>nosync</c>, counts as a new log of 0 regions; regions past the header's count
    /// start dirty (clean with <c>nosync</c>); the sync bits become the clean bits. A version other than 2 (1 reads as
    /// 2) or a failed read marks the device failed and every region out of sync. Then the buffer is written and the
    /// device flushed.
    /// </summary>
    /// <returns>0, or the negative errno of the failed write or flush.</returns>
    public override int Resume()
    {
        if (ReadHeader() != 0)
        {
            // The kernel warns "Failed to read header on dirty region log device" and assumes every region dirty.
            FailLogDevice();
            _header = _header with { RegionCount = 0 };
        }

        uint known = unchecked((uint)_header.RegionCount); // the kernel's loop index is an unsigned int
        for (long region = known; region < RegionCount; region++)
        {
            if (Sync == DirtyLogSync.NoSync)
            {
                SetBit(CleanBits, region);
            }
            else
            {
                ClearBit(CleanBits, region);
            }
        }

        for (long bit = RegionCount; bit % DirtyLogParameters.BitsPerLong != 0; bit++)
        {
            ClearBit(CleanBits, bit); // the device shrank: drop the bits past the end
        }

        SyncFromClean();
        RestartResyncSearch();
        _header = _header with { RegionCount = (ulong)RegionCount };
        _header.Write(_buffer);

        int r = Write();
        if (r == 0)
        {
            r = FlushDevice();
            if (r != 0)
            {
                LogDeviceFlushFailed = true;
            }
        }

        if (r != 0)
        {
            FailLogDevice(); // "Failed to write header on dirty region log device"
        }

        return r;
    }

    /// <summary>Writes the log if it changed (<c>disk_flush</c>; also the disk log's <c>postsuspend</c>).</summary>
    /// <returns>0, or -EIO when the write or the device flush failed.</returns>
    public override int Postsuspend() => Flush();

    /// <summary>
    /// Writes the log when a bit changed since the last write (<c>disk_flush</c>). When a bit was set (a region became
    /// clean) the flush callback runs first, so no region is recorded clean before the legs hold its data; if it fails
    /// every region is marked dirty for good. When a bit was cleared (a region became dirty) the device is flushed after
    /// the write, so the dirty mark is durable before the mirror writes the region.
    /// </summary>
    /// <returns>0, or -EIO when the write or the device flush failed.</returns>
    public override int Flush()
    {
        if (!TouchedCleaned && !TouchedDirtied)
        {
            return 0;
        }

        if (TouchedCleaned && _flushCallback is not null && _flushCallback() != 0)
        {
            MarkAllDirtyAfterFailedCallback();
        }

        int r = Write();
        if (r != 0)
        {
            FailLogDevice();
            return r;
        }

        if (TouchedDirtied)
        {
            r = FlushDevice();
            if (r != 0)
            {
                LogDeviceFlushFailed = true;
                FailLogDevice();
            }
            else
            {
                TouchedDirtied = false;
            }
        }

        TouchedCleaned = false;
        return r;
    }

    /// <summary>Destroys the log's dm-io client.</summary>
    /// <param name="disposing">True when called from <see cref="BitmapDirtyLog.Dispose()"/>.</param>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _client.Dispose();
        }
    }

    private static (DirtyLogParameters Parameters, IBlockDevice Device, int BufferBytes) Parse(IReadOnlyList<string> args, long targetSectors,
        Func<string, IBlockDevice?> lookupDevice, IIoScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(lookupDevice);
        ArgumentNullException.ThrowIfNull(scheduler);
        if (args.Count is < 2 or > 3)
        {
            throw new ArgumentException(ArgumentCountMessage);
        }

        // dm_get_device fails without a message of its own; the text is the one this project's targets use.
        IBlockDevice device = lookupDevice(args[0]) ?? throw new ArgumentException($"Device lookup failed: no device named '{args[0]}'");
        DirtyLogParameters parameters = DirtyLogParameters.Parse([.. args.Skip(1)], targetSectors, CoreDirtyLog.ArgumentCountMessage);

        long bytes = (DiskLogHeader.BitsetSector * (long)DmIoConstants.SectorSize) + parameters.BitsetBytes;
        long block = device.Limits.LogicalBlockSize;
        long bufferBytes = (bytes + block - 1) / block * block;
        if (bufferBytes > device.CapacitySectors * DmIoConstants.SectorSize)
        {
            throw new ArgumentException($"log device {device.Name} too small: need {bufferBytes} bytes");
        }

        return (parameters, device, (int)bufferBytes);
    }

    // read_header: read the buffer, then decide whether the log on the device is one to keep.
    private int ReadHeader()
    {
        int r = Read();
        if (r != 0)
        {
            _header = DiskLogHeader.Fresh(0); // see the remarks: the kernel's header would be uninitialised here
            return r;
        }

        _header = DiskLogHeader.Read(_buffer);
        if (Sync != DirtyLogSync.Default || _header.Magic != DiskLogHeader.MirrorMagic)
        {
            _header = DiskLogHeader.Fresh(0); // a new log
        }

        if (_header.Version == 1)
        {
            _header = _header with { Version = DiskLogHeader.MirrorDiskVersion }; // version 1 was version 2 on little-endian
        }

        // "incompatible disk log version": the kernel keeps the header it read and rewrites it on resume.
        return _header.Version != DiskLogHeader.MirrorDiskVersion ? -Errno.EINVAL : 0;
    }

    private void FailLogDevice() => LogDeviceFailed = true; // the kernel also raises a table event here

    // rw_header(READ) and rw_header(WRITE): the whole buffer, header and bitset, from sector 0.
    private int Read() => Io(BioOperation.Read, BioFlags.None, LogAreaSectors);

    private int Write() => Io(BioOperation.Write, BioFlags.None, LogAreaSectors);

    // flush_header: a write of no sectors with PREFLUSH, which dm-io sends as one empty flush bio.
    private int FlushDevice() => Io(BioOperation.Write, BioFlags.Preflush, 0);

    private int Io(BioOperation operation, BioFlags flags, long sectors)
    {
        var request = new DmIoRequest
        {
            Operation = operation,
            Flags = flags,
            Memory = DmIoMemory.FromVm(new VmBuffer(_buffer)),
            Client = _client,
        };
        return DmIoEngine.Execute(request, [new IoRegion(LogDevice, 0, sectors)]);
    }
}
