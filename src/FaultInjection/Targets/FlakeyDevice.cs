using System.Globalization;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.FaultInjection;

/// <summary>
/// The kernel's <c>flakey</c> target over any device: a linear mapping that is available for
/// <see cref="FlakeyConfiguration.UpIntervalSeconds"/> virtual seconds from its creation, then misbehaves for
/// <see cref="FlakeyConfiguration.DownIntervalSeconds"/>, and repeats. While down it fails, drops or corrupts bios
/// exactly where the kernel does: reads are failed at map time (error_reads) or corrupted after they complete
/// (corrupt_bio_byte r, random_read_corrupt); writes are dropped or failed at map time, or corrupted in a private
/// copy before they are sent down, so the caller's buffer keeps its bytes.
/// Table syntax: <c>&lt;dev&gt; &lt;offset&gt; &lt;up interval&gt; &lt;down interval&gt; [&lt;num_features&gt; [&lt;feature arguments&gt;]]</c>.
/// </summary>
public sealed class FlakeyDevice : IBlockDevice, ITargetText
{
    private const long NanosecondsPerSecond = 1_000_000_000;

    private readonly IBlockDevice _lower;          // where bios are remapped to
    private readonly long _offset;                 // first sector used on _lower
    private readonly IIoScheduler _scheduler;      // virtual clock for the up/down cycle
    private readonly long _createdAt;              // scheduler time the cycle starts from (the kernel's start_time)
    private readonly IChoiceSource? _choices;      // random corruption decisions; required only with random_* features
    private readonly FaultRecord? _record;         // where fault decisions are logged
    private readonly string _readPurpose;          // stable choice labels, built once
    private readonly string _writePurpose;

    /// <summary>Creates a flakey device whose cycle starts now.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="lower">The device beneath.</param>
    /// <param name="offsetSectors">First sector used on <paramref name="lower"/>.</param>
    /// <param name="lengthSectors">The device's length; <paramref name="offsetSectors"/> + length must fit on <paramref name="lower"/>.</param>
    /// <param name="configuration">Intervals and features; validated as the kernel does.</param>
    /// <param name="scheduler">The clock the intervals are measured on.</param>
    /// <param name="choices">The source of random corruption decisions; required when a random_* feature is on.</param>
    /// <param name="record">Receives every fault decision; may be null.</param>
    public FlakeyDevice(string name, IBlockDevice lower, long offsetSectors, long lengthSectors, FlakeyConfiguration configuration,
        IIoScheduler scheduler, IChoiceSource? choices = null, FaultRecord? record = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        TargetArea.Check(lower, offsetSectors, lengthSectors, nameof(lower), nameof(offsetSectors));
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Validate(nameof(configuration));
        ArgumentNullException.ThrowIfNull(scheduler);
        if (choices is null && (configuration.RandomReadCorrupt > 0 || configuration.RandomWriteCorrupt > 0))
        {
            throw new ArgumentNullException(nameof(choices), "random_read_corrupt and random_write_corrupt need a choice source.");
        }

        Name = name;
        CapacitySectors = lengthSectors;
        Configuration = configuration;
        Limits = LimitStacking.ForTarget(TargetLimitTraits.Flakey, [lower]); // a one-line dm table: the lower device's limits, no write-zeroes
        _lower = lower;
        _offset = offsetSectors;
        _scheduler = scheduler;
        _createdAt = scheduler.NowNanoseconds;
        _choices = choices;
        _record = record;
        _readPurpose = name + ":random_read_corrupt";
        _writePurpose = name + ":random_write_corrupt";
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long CapacitySectors { get; }

    /// <inheritdoc />
    public QueueLimits Limits { get; }

    /// <summary>The intervals and features.</summary>
    public FlakeyConfiguration Configuration { get; }

    /// <summary>True while the device is in its down interval at the scheduler's current time.</summary>
    public bool IsDown => IsDownAt(_scheduler.NowNanoseconds);

    /// <inheritdoc />
    public string TargetType => "flakey";

    /// <summary>
    /// The table text as 6.12's <c>flakey_status</c> prints it: <c>&lt;dev&gt; &lt;offset&gt; &lt;up&gt; &lt;down&gt;
    /// &lt;num_features&gt; [&lt;features&gt;]</c>, with the implied <c>error_reads error_writes</c> when no feature was given.
    /// </summary>
    public string Table => string.Create(CultureInfo.InvariantCulture,
        $"{_lower.Name} {_offset} {Configuration.UpIntervalSeconds} {Configuration.DownIntervalSeconds} {Configuration.FeatureText()}");

    /// <summary>The status text: empty, as 6.12's <c>flakey_status</c> prints nothing for <c>STATUSTYPE_INFO</c>.</summary>
    public string Status => string.Empty;

    /// <summary>Builds a flakey device from a table line; throws <see cref="TableSyntaxException"/> as the kernel's constructor would fail.</summary>
    /// <param name="args">The line.</param>
    /// <param name="record">Receives its fault decisions; may be null.</param>
    /// <param name="choices">The source of random corruption decisions.</param>
    /// <returns>The device, of the line's length, whose cycle starts at the scheduler's current time.</returns>
    public static IBlockDevice FromTable(TargetArguments args, FaultRecord? record, IChoiceSource choices)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(choices);
        (IBlockDevice lower, long offset, FlakeyConfiguration configuration) = FlakeyTableParser.Parse(args);
        return new FlakeyDevice(args.DeviceName, lower, offset, args.LengthSectors, configuration, args.Scheduler, choices, record);
    }

    /// <inheritdoc />
    public void Submit(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        if (OutsideDevice.FailIfOutside(bio, CapacitySectors))
        {
            return;
        }

        if ((bio.Flags & BioFlags.Preflush) != 0 && bio.Size != 0)
        {
            // dm core sends the flush alone first (flakey maps it like any write: dropped or failed while down), then
            // the data without PREFLUSH once the flush is done, whatever the flush's status (dm_io_complete drops it).
            var flush = new Bio();
            flush.Init(BioOperation.Write, (bio.Flags & ~BioFlags.Fua) | BioFlags.Preflush, bio.Sector, new BioEndIoAction(_ =>
            {
                bio.Flags &= ~BioFlags.Preflush;
                Map(bio);
            }), vecCapacity: 0);
            flush.Id = bio.Id;
            flush.Priority = bio.Priority;
            Map(flush);
            return;
        }

        Map(bio);
    }

    // flakey_map for one bio: pass it down while up; while down, apply the configured read or write behaviour.
    private void Map(Bio bio)
    {
        long lowerSector = _offset + bio.Sector;
        if (!IsDownAt(_scheduler.NowNanoseconds))
        {
            TargetClone.Remap(_lower, bio, lowerSector);
            return;
        }

        bool hasData = bio.SegmentCount > 0; // bio_has_data: not discard, write-zeroes or an empty flush
        if (bio.Operation == BioOperation.Read)
        {
            MapReadWhileDown(bio, lowerSector, hasData);
        }
        else
        {
            MapWriteWhileDown(bio, lowerSector, hasData);
        }
    }

    private bool IsDownAt(long nowNanoseconds)
    {
        // The kernel counts whole seconds since the table was loaded: elapsed % (up + down) >= up.
        long elapsedSeconds = (nowNanoseconds - _createdAt) / NanosecondsPerSecond;
        long cycle = (long)Configuration.UpIntervalSeconds + Configuration.DownIntervalSeconds;
        return elapsedSeconds % cycle >= Configuration.UpIntervalSeconds;
    }

    private void MapReadWhileDown(Bio bio, long lowerSector, bool hasData)
    {
        if (Configuration.FailsReads)
        {
            Record(bio, bio.Sector, bio.SectorCount, ReadRule(), "fail", BlkStatus.IoError);
            bio.Complete(BlkStatus.IoError);
            return;
        }

        // Read corruption happens in end_io, on data that really came from the device.
        TargetClone.Submit(_lower, bio, bio.Flags, lowerSector, 0, bio.Size, null, status =>
        {
            if (status == BlkStatus.Ok && hasData)
            {
                CorruptCompletedRead(bio);
            }

            bio.Complete(status);
        });
    }

    private void MapWriteWhileDown(Bio bio, long lowerSector, bool hasData)
    {
        if (Configuration.DropWrites)
        {
            Record(bio, bio.Sector, bio.SectorCount, "drop_writes", "drop", BlkStatus.Ok);
            bio.Complete(BlkStatus.Ok);
            return;
        }

        if (Configuration.FailsWrites)
        {
            Record(bio, bio.Sector, bio.SectorCount, WriteRule(), "fail", BlkStatus.IoError);
            bio.Complete(BlkStatus.IoError);
            return;
        }

        if (!hasData)
        {
            TargetClone.Remap(_lower, bio, lowerSector);
            return;
        }

        FlakeyCorruptBioByte? fixedCorruption = Configuration.CorruptBioByte;
        bool corruptFixed = fixedCorruption is { Direction: FlakeyDirection.Write } && FlagsMatch(bio, fixedCorruption);
        bool corruptRandom = Configuration.RandomWriteCorrupt > 0 && Draw(_writePurpose) < Configuration.RandomWriteCorrupt;
        if (!corruptFixed && !corruptRandom)
        {
            TargetClone.Remap(_lower, bio, lowerSector);
            return;
        }

        // The kernel corrupts a copy (clone_bio allocates its own pages), so the submitter's memory is unchanged.
        byte[] copy = new byte[bio.Size];
        bio.CopyFromSegments(copy);
        if (corruptFixed)
        {
            long at = fixedCorruption!.NthByte - 1L;
            if (at < copy.Length)
            {
                copy[at] = fixedCorruption.Value;
                Record(bio, bio.Sector + (at >> DmIoConstants.SectorShift), 1, "corrupt_bio_byte", "corrupt", BlkStatus.Ok);
            }
        }

        if (corruptRandom)
        {
            (long at, byte value) = DrawRandomByte(_writePurpose, copy.Length);
            copy[at] = value;
            Record(bio, bio.Sector + (at >> DmIoConstants.SectorShift), 1, "random_write_corrupt", "corrupt", BlkStatus.Ok);
        }

        TargetClone.Submit(_lower, bio, bio.Flags, lowerSector, 0, bio.Size, copy, bio.Complete);
    }

    private void CorruptCompletedRead(Bio bio)
    {
        if (Configuration.CorruptBioByte is { Direction: FlakeyDirection.Read } fixedCorruption && FlagsMatch(bio, fixedCorruption))
        {
            long at = fixedCorruption.NthByte - 1L;
            if (at < bio.Size)
            {
                SetByte(bio, at, fixedCorruption.Value);
                Record(bio, bio.Sector + (at >> DmIoConstants.SectorShift), 1, "corrupt_bio_byte", "corrupt", BlkStatus.Ok);
            }
        }

        if (Configuration.RandomReadCorrupt > 0 && Draw(_readPurpose) < Configuration.RandomReadCorrupt)
        {
            (long at, byte value) = DrawRandomByte(_readPurpose, bio.Size);
            SetByte(bio, at, value);
            Record(bio, bio.Sector + (at >> DmIoConstants.SectorShift), 1, "random_read_corrupt", "corrupt", BlkStatus.Ok);
        }
    }

    private ulong Draw(string purpose) => _choices!.Choose(purpose, FlakeyConfiguration.ProbabilityBase);

    private (long At, byte Value) DrawRandomByte(string purpose, long size)
    {
        long at = (long)_choices!.Choose(purpose + ":byte", (ulong)size);
        byte value = (byte)_choices.Choose(purpose + ":value", 256);
        return (at, value);
    }

    private static bool FlagsMatch(Bio bio, FlakeyCorruptBioByte corruption) =>
        (KernelOpf.Encode(bio.Operation, bio.Flags) & corruption.Flags) == corruption.Flags;

    private static void SetByte(Bio bio, long at, byte value)
    {
        foreach (Memory<byte> segment in bio.Segments)
        {
            if (at < segment.Length)
            {
                segment.Span[(int)at] = value;
                return;
            }

            at -= segment.Length;
        }
    }

    private string ReadRule() => Configuration.ErrorReads ? "error_reads" : "error_all_io";

    private string WriteRule() => Configuration.ErrorWrites ? "error_writes" : "error_all_io";

    private void Record(Bio bio, long sector, long count, string rule, string action, BlkStatus status) =>
        _record?.Add(_scheduler.NowNanoseconds, Name, bio, bio.Operation, sector, count, rule, action, status);
}
