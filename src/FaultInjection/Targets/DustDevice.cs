using System.Globalization;
using System.Numerics;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.FaultInjection;

/// <summary>
/// The kernel's <c>dust</c> target: a linear mapping with a list of bad blocks. It starts in "bypass" mode, where
/// every bio passes. After the <c>enable</c> message, a read of a bad block fails with EIO and a write to a bad block
/// removes it from the list and succeeds (unless the block was added with a write fail count, in which case that
/// many writes fail first). Block numbers are in units of the table's block size on the underlying device (the
/// offset included), and bios are handled one block at a time, as device-mapper splits them for dust.
/// Table syntax: <c>&lt;device&gt; &lt;offset&gt; &lt;blksz&gt;</c>; messages: see <see cref="Message"/>.
/// </summary>
public sealed class DustDevice : IBlockDevice, IDeviceMapperTarget, ITargetText
{
    /// <summary>The largest block size in sectors (the kernel's <c>DUST_MAX_BLKSZ_SECTORS</c>: 1 GiB).</summary>
    public const long MaxBlockSectors = 2_097_152;

    /// <summary>The feature name recorded for bios failed by a bad block.</summary>
    public const string RuleName = "badblock";

    private readonly IBlockDevice _lower;             // where bios are remapped to
    private readonly long _offset;                    // first sector used on _lower
    private readonly long _sectorsPerBlock;           // blksz / 512, a power of two
    private readonly int _blockShift;                 // log2(_sectorsPerBlock)
    private readonly IIoScheduler? _clock;            // time stamps for the record
    private readonly FaultRecord? _record;            // where fault decisions are logged
    private readonly DustBadBlockList _state = new(); // bad blocks, switches and log, under one lock

    /// <summary>Creates a dust device in bypass mode with an empty bad block list.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="lower">The device beneath.</param>
    /// <param name="offsetSectors">First sector used on <paramref name="lower"/>.</param>
    /// <param name="lengthSectors">The device's length.</param>
    /// <param name="blockSizeBytes">The bad-block unit: a power of two, at least 512, at most the length and 1 GiB.</param>
    /// <param name="clock">Stamps fault decisions with its time; null stamps 0.</param>
    /// <param name="record">Receives one decision per failed run of blocks; may be null.</param>
    public DustDevice(string name, IBlockDevice lower, long offsetSectors, long lengthSectors, uint blockSizeBytes,
        IIoScheduler? clock = null, FaultRecord? record = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        TargetArea.Check(lower, offsetSectors, lengthSectors, nameof(lower), nameof(offsetSectors));
        string? problem = BlockSizeProblem(blockSizeBytes, lengthSectors);
        if (problem is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(blockSizeBytes), blockSizeBytes, problem);
        }

        Name = name;
        CapacitySectors = lengthSectors;
        BlockSizeBytes = blockSizeBytes;
        Limits = LimitStacking.ForTarget(TargetLimitTraits.Dust, [lower]); // a one-line dm table: the lower device's limits, no write-zeroes
        _lower = lower;
        _offset = offsetSectors;
        _sectorsPerBlock = blockSizeBytes >> DmIoConstants.SectorShift;
        _blockShift = BitOperations.Log2((ulong)_sectorsPerBlock);
        _clock = clock;
        _record = record;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long CapacitySectors { get; }

    /// <inheritdoc />
    public QueueLimits Limits { get; }

    /// <summary>The bad-block unit in bytes.</summary>
    public uint BlockSizeBytes { get; }

    /// <summary>True after <c>enable</c>: bad blocks fail reads (the status shows <c>fail_read_on_bad_block</c>).</summary>
    public bool IsEnabled
    {
        get
        {
            lock (_state.Lock)
            {
                return _state.Enabled;
            }
        }
    }

    /// <summary>The number of bad blocks in the list.</summary>
    public int BadBlockCount
    {
        get
        {
            lock (_state.Lock)
            {
                return _state.Blocks.Count;
            }
        }
    }

    /// <inheritdoc />
    public string TargetType => "dust";

    /// <summary>The status text as 6.12's <c>dust_status</c> prints it: <c>&lt;dev&gt; bypass|fail_read_on_bad_block verbose|quiet</c>.</summary>
    public string Status
    {
        get
        {
            lock (_state.Lock)
            {
                return $"{_lower.Name} {(_state.Enabled ? "fail_read_on_bad_block" : "bypass")} {(_state.Quiet ? "quiet" : "verbose")}";
            }
        }
    }

    /// <summary>The table text as 6.12's <c>dust_status</c> prints it: <c>&lt;dev&gt; &lt;offset&gt; &lt;blksz&gt;</c>.</summary>
    public string Table => string.Create(CultureInfo.InvariantCulture, $"{_lower.Name} {_offset} {BlockSizeBytes}");

    /// <summary>Builds a dust device from a table line; throws <see cref="TableSyntaxException"/> as the kernel's <c>dust_ctr</c> would fail.</summary>
    /// <param name="args">The line.</param>
    /// <param name="record">Receives its fault decisions; may be null.</param>
    /// <param name="choices">Unused (the target makes no random choices); accepted so every factory has one shape.</param>
    /// <returns>The device, of the line's length.</returns>
    public static IBlockDevice FromTable(TargetArguments args, FaultRecord? record, IChoiceSource? choices = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Args.Count != 3)
        {
            throw args.KernelError("arguments", "Invalid argument count", $"dust takes 3 arguments, got {args.Args.Count}");
        }

        if (!KernelScan.TryKstrtou32(args.Args[2], out uint blockSize) || blockSize == 0)
        {
            throw args.KernelError("blksz", "Invalid block size parameter", $"'{args.Args[2]}'");
        }

        string? problem = BlockSizeProblem(blockSize, args.LengthSectors);
        if (problem is not null)
        {
            throw args.KernelError("blksz", problem);
        }

        long offset = KernelArgumentParser.Sector(args, 1, "offset", "Invalid device offset sector");
        IBlockDevice lower = KernelArgumentParser.Device(args, 0, "device", offset, "offset");
        return new DustDevice(args.DeviceName, lower, offset, args.LengthSectors, blockSize, args.Scheduler, record);
    }

    /// <summary>
    /// Sends a message, as <c>dmsetup message &lt;dev&gt; 0 &lt;words&gt;</c>: <c>addbadblock &lt;blk&gt; [&lt;wr_fail_cnt&gt;]</c>,
    /// <c>removebadblock &lt;blk&gt;</c>, <c>queryblock &lt;blk&gt;</c>, <c>countbadblocks</c>, <c>clearbadblocks</c>,
    /// <c>listbadblocks</c>, <c>enable</c>, <c>disable</c>, <c>quiet</c> (case-insensitive).
    /// </summary>
    /// <param name="words">The message's words.</param>
    /// <returns>What the kernel returns as the message's output (empty for add, remove, enable, disable, quiet).</returns>
    /// <exception cref="DeviceMessageException">The kernel would return -EINVAL; nothing changed.</exception>
    public string Message(params string[] words)
    {
        ArgumentNullException.ThrowIfNull(words);
        return DustMessageHandler.Handle(Name, _state, _lower.CapacitySectors >> _blockShift, words);
    }

    /// <summary>The lines the kernel would have logged (DMINFO/DMERR), oldest first.</summary>
    /// <returns>A copy of the log.</returns>
    public IReadOnlyList<string> KernelLog()
    {
        lock (_state.Lock)
        {
            return _state.LogCopy();
        }
    }

    /// <summary>Dust splits every bio into block-sized pieces (<c>dm_set_target_max_io_len(ti, sect_per_block)</c>).</summary>
    public long MaxIoLenSectors => _sectorsPerBlock;

    /// <inheritdoc />
    /// <remarks>
    /// As device-mapper runs a dust target: a data bio is handled one block-sized piece at a time, each piece
    /// decided by <c>dust_map</c> (a read of a bad block fails, a write consumes a pending write failure or clears the
    /// block) and either failed at once or sent down as a clone; the original is advanced past each piece, so when
    /// it completes only its last piece is what a failed read's zero-fill reaches. Discards and write-zeroes pass
    /// whole, decided by the block of their first sector; empty flushes pass whole.
    /// </remarks>
    public void Submit(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        if (OutsideDevice.FailIfOutside(bio, CapacitySectors))
        {
            return;
        }

        if (bio.SectorCount == 0)
        {
            TargetClone.Remap(_lower, bio, _offset + bio.Sector);
            return;
        }

        if (bio.Operation.IsDataless())
        {
            // dm sends discard and write-zeroes whole (max_io_len does not apply to them), and dust_map looks at
            // the block of the first sector only, as for a write.
            if (PieceFails(bio.Sector, isRead: false))
            {
                _record?.Add(_clock?.NowNanoseconds ?? 0, Name, bio, bio.Operation, bio.Sector, bio.SectorCount, RuleName, "fail", BlkStatus.IoError);
                bio.Complete(BlkStatus.IoError);
                return;
            }

            TargetClone.Remap(_lower, bio, _offset + bio.Sector);
            return;
        }

        if ((bio.Flags & BioFlags.Preflush) != 0)
        {
            // dm core: the empty flush goes first; the data follows without PREFLUSH once it is done (its status dropped).
            TargetClone.Submit(_lower, bio, (bio.Flags & ~BioFlags.Fua) | BioFlags.Preflush, _offset + bio.Sector, 0, 0, null, _ =>
            {
                bio.Flags &= ~BioFlags.Preflush;
                MapPieces(bio);
            });
            return;
        }

        MapPieces(bio);
    }

    // dm_split_and_process_bio over dust's block-sized max_io_len, one piece at a time.
    private void MapPieces(Bio bio)
    {
        while (true)
        {
            long remaining = bio.SectorCount;
            long run = Math.Min(remaining, _sectorsPerBlock - (bio.Sector % _sectorsPerBlock));
            bool last = run == remaining;
            if (!last)
            {
                bio.IncRemaining(); // the rest is resubmitted and completes the original once more
            }

            if (PieceFails(bio.Sector, bio.Operation == BioOperation.Read))
            {
                _record?.Add(_clock?.NowNanoseconds ?? 0, Name, bio, bio.Operation, bio.Sector, run, RuleName, "fail", BlkStatus.IoError);
                bio.Complete(BlkStatus.IoError); // DM_MAPIO_KILL
            }
            else
            {
                try
                {
                    TargetClone.Submit(_lower, bio, bio.Flags, _offset + bio.Sector, 0, run << DmIoConstants.SectorShift, null, bio.Complete);
                }
                catch (Exception) when (!last)
                {
                    bio.Complete(BlkStatus.IoError); // the rest will not be mapped: drop the completion it was owed
                    throw;
                }
            }

            if (last)
            {
                return;
            }

            bio.Advance(run << DmIoConstants.SectorShift);
        }
    }

    // dust_map for one piece: the block of the piece's first sector on the underlying device decides it.
    private bool PieceFails(long sector, bool isRead)
    {
        lock (_state.Lock)
        {
            if (!_state.Enabled)
            {
                return false; // bypass: the kernel looks nothing up, so writes do not clear bad blocks either
            }

            long block = (_offset + sector) >> _blockShift;
            return isRead ? _state.Blocks.ContainsKey(block) : WriteFails(block);
        }
    }

    // The kernel's __dust_map_write: a pending write failure is consumed; otherwise the bad block is "remapped".
    private bool WriteFails(long block)
    {
        if (!_state.Blocks.TryGetValue(block, out byte writeFailures))
        {
            return false;
        }

        if (writeFailures > 0)
        {
            _state.Blocks[block] = (byte)(writeFailures - 1);
            return true;
        }

        _state.Blocks.Remove(block);
        // The kernel divides the block number by sectors-per-block once more before printing it; so do we.
        _state.LogUnlessQuiet($"block {block / _sectorsPerBlock} removed from badblocklist by write");
        return false;
    }

    private static string? BlockSizeProblem(uint blockSizeBytes, long lengthSectors)
    {
        if (blockSizeBytes < DmIoConstants.SectorSize)
        {
            return "Block size must be at least 512";
        }

        if (!BitOperations.IsPow2(blockSizeBytes))
        {
            return "Block size must be a power of 2";
        }

        return (blockSizeBytes >> DmIoConstants.SectorShift) > Math.Min(lengthSectors, MaxBlockSectors) ? "Block size is too large" : null;
    }
}
