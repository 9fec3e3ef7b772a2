using System.Globalization;
using System.Text;

namespace DmIo.FaultInjection;

/// <summary>
/// What a flakey device does: its up and down intervals (virtual seconds) and its features, as in
/// <c>&lt;up interval&gt; &lt;down interval&gt; [&lt;num_features&gt; [&lt;feature arguments&gt;]]</c>.
/// With no feature that changes anything, every bio fails during the down interval (the kernel's
/// <c>error_all_io</c>: error_reads and error_writes both set).
/// </summary>
public sealed record FlakeyConfiguration
{
    /// <summary>The denominator of the random corruption probabilities (the kernel's <c>PROBABILITY_BASE</c>).</summary>
    public const uint ProbabilityBase = 1_000_000_000;

    /// <summary>Seconds the device behaves, at the start of each cycle.</summary>
    public uint UpIntervalSeconds { get; init; }

    /// <summary>Seconds the device misbehaves, after each up interval.</summary>
    public uint DownIntervalSeconds { get; init; }

    /// <summary><c>error_reads</c>: reads fail with EIO during the down interval.</summary>
    public bool ErrorReads { get; init; }

    /// <summary><c>drop_writes</c>: writes are silently ignored (completed OK, never written) during the down interval.</summary>
    public bool DropWrites { get; init; }

    /// <summary><c>error_writes</c>: writes fail with EIO during the down interval.</summary>
    public bool ErrorWrites { get; init; }

    /// <summary><c>corrupt_bio_byte</c>, or null when not configured.</summary>
    public FlakeyCorruptBioByte? CorruptBioByte { get; init; }

    /// <summary><c>random_read_corrupt</c>: chance (out of <see cref="ProbabilityBase"/>) that a read gets one random byte changed; 0 = off.</summary>
    public uint RandomReadCorrupt { get; init; }

    /// <summary><c>random_write_corrupt</c>: chance (out of <see cref="ProbabilityBase"/>) that a write gets one random byte changed; 0 = off.</summary>
    public uint RandomWriteCorrupt { get; init; }

    /// <summary>True when no feature is configured, so the kernel sets error_reads and error_writes (<c>error_all_io</c>).</summary>
    public bool ErrorsAllIo => !ErrorReads && !DropWrites && !ErrorWrites && CorruptBioByte is null && RandomReadCorrupt == 0 && RandomWriteCorrupt == 0;

    /// <summary>Reads fail during the down interval (error_reads, explicit or implied by no features).</summary>
    public bool FailsReads => ErrorReads || ErrorsAllIo;

    /// <summary>Writes fail during the down interval (error_writes, explicit or implied by no features).</summary>
    public bool FailsWrites => ErrorWrites || ErrorsAllIo;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first problem the kernel's constructor would reject.</summary>
    /// <param name="paramName">The parameter to blame.</param>
    /// <returns>This instance.</returns>
    public FlakeyConfiguration Validate(string paramName = "configuration")
    {
        (string Field, string Problem)? problem = FindProblem();
        return problem is null ? this : throw new ArgumentException($"flakey {problem.Value.Field}: {problem.Value.Problem}", paramName);
    }

    /// <summary>The feature arguments as the kernel's table status prints them (<c>&lt;count&gt; [features...]</c>).</summary>
    /// <returns>For example <c>2 error_reads error_writes</c> or <c>5 corrupt_bio_byte 32 r 1 0</c>.</returns>
    public string FeatureText()
    {
        bool errorReads = FailsReads;
        bool errorWrites = FailsWrites && !DropWrites;
        int count = (errorReads ? 1 : 0) + (DropWrites ? 1 : 0) + (errorWrites ? 1 : 0) + (CorruptBioByte is null ? 0 : 5) +
            (RandomReadCorrupt > 0 ? 2 : 0) + (RandomWriteCorrupt > 0 ? 2 : 0);
        var text = new StringBuilder(count.ToString(CultureInfo.InvariantCulture));
        if (errorReads)
        {
            text.Append(" error_reads");
        }

        if (DropWrites)
        {
            text.Append(" drop_writes");
        }
        else if (errorWrites)
        {
            text.Append(" error_writes");
        }

        if (CorruptBioByte is { } c)
        {
            text.Append(CultureInfo.InvariantCulture, $" corrupt_bio_byte {c.NthByte} {(c.Direction == FlakeyDirection.Write ? 'w' : 'r')} {c.Value} {c.Flags}");
        }

        if (RandomReadCorrupt > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" random_read_corrupt {RandomReadCorrupt}");
        }

        if (RandomWriteCorrupt > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" random_write_corrupt {RandomWriteCorrupt}");
        }

        return text.ToString();
    }

    /// <summary>The first combination the kernel's <c>flakey_ctr</c> / <c>parse_features</c> rejects, with its error text.</summary>
    /// <returns>The field and the kernel's message, or null when valid.</returns>
    internal (string Field, string Problem)? FindProblem()
    {
        if ((ulong)UpIntervalSeconds + DownIntervalSeconds == 0)
        {
            return ("down_interval", "Total (up + down) interval is zero");
        }

        if ((ulong)UpIntervalSeconds + DownIntervalSeconds > uint.MaxValue)
        {
            return ("down_interval", "Interval overflow");
        }

        if (CorruptBioByte is { NthByte: 0 })
        {
            return ("Nth_byte", "Invalid corrupt bio byte");
        }

        if (CorruptBioByte is { } c && !Enum.IsDefined(c.Direction))
        {
            return ("direction", "Invalid corrupt bio direction (r or w)");
        }

        if (RandomReadCorrupt > ProbabilityBase)
        {
            return ("random_read_corrupt", "Invalid random corrupt argument");
        }

        if (RandomWriteCorrupt > ProbabilityBase)
        {
            return ("random_write_corrupt", "Invalid random corrupt argument");
        }

        if (DropWrites && ErrorWrites)
        {
            return ("error_writes", "Feature error_writes conflicts with feature drop_writes");
        }

        // 6.12 refuses only a WRITE corrupt_bio_byte next to drop_writes or error_writes; random corruption and
        // read corruption combine with anything.
        bool corruptsWritesFixed = CorruptBioByte is { Direction: FlakeyDirection.Write };
        if (DropWrites && corruptsWritesFixed)
        {
            return ("drop_writes", "drop_writes is incompatible with corrupt_bio_byte with the WRITE flag set");
        }

        if (ErrorWrites && corruptsWritesFixed)
        {
            return ("error_writes", "error_writes is incompatible with corrupt_bio_byte with the WRITE flag set");
        }

        return null;
    }
}
