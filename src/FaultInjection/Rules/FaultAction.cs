namespace DmIo.FaultInjection;

/// <summary>
/// What a <see cref="FaultRule"/> does when it fires, with its parameters. Build one with the factory methods;
/// <see cref="ToString"/> gives the message syntax (<c>fail:ioerr</c>, <c>delay:5ms</c>, <c>tear:2:ok</c>, ...).
/// </summary>
public sealed record FaultAction
{
    private FaultAction(FaultActionKind kind) => Kind = kind;

    /// <summary>The kind of action.</summary>
    public FaultActionKind Kind { get; }

    /// <summary>The status the bio completes with: the error of <see cref="FaultActionKind.Fail"/>, or the status a torn write reports.</summary>
    public BlkStatus Status { get; private init; }

    /// <summary>The extra virtual time of <see cref="FaultActionKind.Delay"/>, in nanoseconds.</summary>
    public long DelayNanoseconds { get; private init; }

    /// <summary>How many bytes <see cref="FaultActionKind.Corrupt"/> flips (each at a drawn offset, XORed with a drawn non-zero value).</summary>
    public int CorruptBytes { get; private init; }

    /// <summary>How many leading sectors a torn write keeps, or null to draw the tear point for each bio.</summary>
    public int? TearKeepSectors { get; private init; }

    /// <summary>The absolute sector a misdirected write lands on, or null when <see cref="MisdirectOffset"/> applies.</summary>
    public long? MisdirectSector { get; private init; }

    /// <summary>How far a misdirected write is shifted from where it was aimed (when <see cref="MisdirectSector"/> is null).</summary>
    public long MisdirectOffset { get; private init; }

    /// <summary>True for actions that only make sense on writes (drop, tear, misdirect).</summary>
    public bool WritesOnly => Kind is FaultActionKind.Drop or FaultActionKind.Tear or FaultActionKind.Misdirect;

    /// <summary>Fails the bio with <paramref name="status"/>.</summary>
    /// <param name="status">Any error status (not <see cref="BlkStatus.Ok"/>).</param>
    /// <returns>The action.</returns>
    public static FaultAction Fail(BlkStatus status = BlkStatus.IoError)
    {
        if (status == BlkStatus.Ok || !Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A failure needs a defined error status.");
        }

        return new FaultAction(FaultActionKind.Fail) { Status = status };
    }

    /// <summary>Delays the bio's completion by <paramref name="nanoseconds"/> after the device beneath completes it.</summary>
    /// <param name="nanoseconds">The delay; positive.</param>
    /// <returns>The action.</returns>
    public static FaultAction Delay(long nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nanoseconds, 1);
        return new FaultAction(FaultActionKind.Delay) { DelayNanoseconds = nanoseconds };
    }

    /// <summary>Corrupts <paramref name="bytes"/> bytes of the data the bio moves.</summary>
    /// <param name="bytes">How many bytes to flip; 1 to 4096.</param>
    /// <returns>The action.</returns>
    public static FaultAction Corrupt(int bytes = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, DmIoConstants.PageSize);
        return new FaultAction(FaultActionKind.Corrupt) { CorruptBytes = bytes };
    }

    /// <summary>Completes a write successfully without writing it.</summary>
    /// <returns>The action.</returns>
    public static FaultAction Drop() => new(FaultActionKind.Drop);

    /// <summary>Writes only the first sectors of a write.</summary>
    /// <param name="keepSectors">Leading sectors to write (clamped to one less than the bio's size), or null to draw the tear point per bio.</param>
    /// <param name="status">What the torn write reports: <see cref="BlkStatus.Ok"/> (the default: a silent tear) or an error.</param>
    /// <returns>The action.</returns>
    public static FaultAction Tear(int? keepSectors = null, BlkStatus status = BlkStatus.Ok)
    {
        if (keepSectors is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(keepSectors), keepSectors, "A tear keeps zero or more sectors.");
        }

        if (!Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown status.");
        }

        return new FaultAction(FaultActionKind.Tear) { TearKeepSectors = keepSectors, Status = status };
    }

    /// <summary>Writes the data at <paramref name="sector"/> instead of where the bio was aimed.</summary>
    /// <param name="sector">The sector the data lands on; not negative.</param>
    /// <returns>The action.</returns>
    public static FaultAction MisdirectTo(long sector)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sector);
        return new FaultAction(FaultActionKind.Misdirect) { MisdirectSector = sector };
    }

    /// <summary>Writes the data <paramref name="offset"/> sectors away from where the bio was aimed.</summary>
    /// <param name="offset">The shift; not zero.</param>
    /// <returns>The action.</returns>
    public static FaultAction MisdirectBy(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfZero(offset);
        return new FaultAction(FaultActionKind.Misdirect) { MisdirectOffset = offset };
    }

    /// <summary>The action's name in fault records: fail, delay, corrupt, drop, tear or misdirect.</summary>
    public string Name => Kind switch
    {
        FaultActionKind.Fail => "fail",
        FaultActionKind.Delay => "delay",
        FaultActionKind.Corrupt => "corrupt",
        FaultActionKind.Drop => "drop",
        FaultActionKind.Tear => "tear",
        _ => "misdirect",
    };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        FaultActionKind.Fail => $"fail:{Status.ToShortName()}",
        FaultActionKind.Delay => $"delay:{FaultRuleSyntax.FormatDuration(DelayNanoseconds)}",
        FaultActionKind.Corrupt => $"corrupt:{CorruptBytes}",
        FaultActionKind.Drop => "drop",
        FaultActionKind.Tear => $"tear:{(TearKeepSectors is int keep ? keep.ToString(System.Globalization.CultureInfo.InvariantCulture) : "any")}:{Status.ToShortName()}",
        _ => MisdirectSector is long sector
            ? $"misdirect:{sector}"
            : $"misdirect:{(MisdirectOffset > 0 ? "+" : string.Empty)}{MisdirectOffset}",
    };
}
