namespace DmIo.FaultInjection;

/// <summary>What one crash of a <see cref="VolatileWriteCacheDevice"/> did to the writes that were still volatile.</summary>
/// <param name="Device">The device that crashed.</param>
/// <param name="TimeNanoseconds">The scheduler time of the crash.</param>
/// <param name="Writes">Every volatile write at the moment of the crash, oldest first, with its fate.</param>
/// <param name="BiosFailed">Bios that were waiting behind a flush and were failed with an I/O error by the crash.</param>
public sealed record CrashReport(string Device, long TimeNanoseconds, IReadOnlyList<CrashedWrite> Writes, int BiosFailed)
{
    /// <summary>The writes that were lost entirely.</summary>
    public IEnumerable<CrashedWrite> Lost => Writes.Where(w => w.Fate == CrashFate.Lost);

    /// <summary>The writes that survived entirely.</summary>
    public IEnumerable<CrashedWrite> Kept => Writes.Where(w => w.Fate == CrashFate.Kept);

    /// <summary>The writes that survived only in part.</summary>
    public IEnumerable<CrashedWrite> Torn => Writes.Where(w => w.Fate == CrashFate.Torn);

    /// <inheritdoc />
    public override string ToString() =>
        $"crash of {Device} at {TimeNanoseconds}ns: {Writes.Count} volatile write(s), {Lost.Count()} lost, {Kept.Count()} kept, {Torn.Count()} torn" +
        (Writes.Count == 0 ? string.Empty : ": " + string.Join("; ", Writes));
}
