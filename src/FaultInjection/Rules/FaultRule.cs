namespace DmIo.FaultInjection;

/// <summary>
/// One rule of a <see cref="RuleFaultDevice"/>: which bios it matches and what it does to them. A bio
/// <em>matches</em> when every filter given holds (operation, flags, sector range, virtual-time window, and the
/// action being applicable: drop/tear/misdirect need writes, corrupt needs data, tear needs two sectors). Among
/// matching bios the rule <em>fires</em> on the <see cref="Nth"/> one, on every <see cref="Every"/>-th one, or
/// on all of them, each time only with <see cref="ProbabilityPartsPerBillion"/>. Checked by <see cref="Validate"/>.
/// </summary>
public sealed record FaultRule
{
    /// <summary>The denominator of <see cref="ProbabilityPartsPerBillion"/>.</summary>
    public const ulong Billion = 1_000_000_000;

    /// <summary>The rule's name: letters, digits, '_', '-' or '.'; unique within a device.</summary>
    public required string Name { get; init; }

    /// <summary>What the rule does when it fires.</summary>
    public required FaultAction Action { get; init; }

    /// <summary>The operations matched, or null for any.</summary>
    public IReadOnlyList<BioOperation>? Operations { get; init; }

    /// <summary>Flags a bio must all carry to match (none by default). The block layer may have cleared PREFLUSH/FUA already.</summary>
    public BioFlags RequiredFlags { get; init; }

    /// <summary>The first sector of the matched range (inclusive), or null for the start of the device.</summary>
    public long? FirstSector { get; init; }

    /// <summary>The last sector of the matched range (inclusive), or null for the end of the device. A bio matches if it overlaps the range.</summary>
    public long? LastSector { get; init; }

    /// <summary>Fire on the n-th matching bio only (1-based); combined with <see cref="Every"/>, on n, n+k, n+2k, ...</summary>
    public long? Nth { get; init; }

    /// <summary>Fire on every k-th matching bio (k, 2k, ...); combined with <see cref="Nth"/>, on n, n+k, ...</summary>
    public long? Every { get; init; }

    /// <summary>The chance a rule that would fire does fire, out of 1,000,000,000; one choice is drawn per candidate bio unless it is certain.</summary>
    public ulong ProbabilityPartsPerBillion { get; init; } = Billion;

    /// <summary>Virtual time (ns) from which the rule is active (inclusive), or null for always.</summary>
    public long? FromNanoseconds { get; init; }

    /// <summary>Virtual time (ns) at which the rule stops being active (exclusive), or null for never.</summary>
    public long? UntilNanoseconds { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is out of range.</summary>
    /// <param name="paramName">The parameter to blame.</param>
    /// <returns>This rule.</returns>
    public FaultRule Validate(string paramName = "rule")
    {
        if (string.IsNullOrEmpty(Name) || !Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            throw new ArgumentException($"The rule name '{Name}' must be non-empty and use only letters, digits, '_', '-' and '.'.", paramName);
        }

        if (Action is null)
        {
            throw new ArgumentException($"Rule {Name} has no action.", paramName);
        }

        if (Operations is { Count: 0 } || (Operations is not null && Operations.Any(op => !op.IsDefined())))
        {
            throw new ArgumentException($"Rule {Name}: the operation list must be null or name defined operations.", paramName);
        }

        if (Action.WritesOnly && Operations is not null && Operations.Contains(BioOperation.Read))
        {
            throw new ArgumentException($"Rule {Name}: action {Action.Name} applies to writes only, but the rule matches reads.", paramName);
        }

        if (FirstSector is < 0 || LastSector is < 0 || (FirstSector is long first && LastSector is long last && last < first))
        {
            throw new ArgumentException($"Rule {Name}: the sector range {FirstSector}-{LastSector} must be non-negative and ascending.", paramName);
        }

        if (Nth is < 1 || Every is < 1)
        {
            throw new ArgumentException($"Rule {Name}: nth and every must be at least 1.", paramName);
        }

        if (ProbabilityPartsPerBillion > Billion)
        {
            throw new ArgumentException($"Rule {Name}: the probability {ProbabilityPartsPerBillion} exceeds {Billion} parts per billion.", paramName);
        }

        if (FromNanoseconds is < 0 || (FromNanoseconds is long from && UntilNanoseconds is long until && until <= from))
        {
            throw new ArgumentException($"Rule {Name}: the time window [{FromNanoseconds}, {UntilNanoseconds}) must be non-negative and non-empty.", paramName);
        }

        return this;
    }

    /// <summary>True when the rule's filters accept <paramref name="bio"/> at virtual time <paramref name="now"/>.</summary>
    /// <param name="bio">The bio.</param>
    /// <param name="now">Virtual time in nanoseconds.</param>
    /// <returns>Whether the bio is a matching bio.</returns>
    public bool Matches(Bio bio, long now)
    {
        ArgumentNullException.ThrowIfNull(bio);
        if ((Operations is not null && !Operations.Contains(bio.Operation)) || (bio.Flags & RequiredFlags) != RequiredFlags)
        {
            return false;
        }

        if ((FromNanoseconds is long from && now < from) || (UntilNanoseconds is long until && now >= until))
        {
            return false;
        }

        long start = bio.Sector;
        long end = bio.Sector + Math.Max(1, bio.SectorCount) - 1; // an empty flush matches if its sector is in range
        if ((FirstSector is long first && end < first) || (LastSector is long last && start > last))
        {
            return false;
        }

        return Action.Kind switch
        {
            FaultActionKind.Drop => bio.Operation.IsWrite(),
            FaultActionKind.Misdirect => bio.Operation.IsWrite() && bio.SectorCount > 0,
            FaultActionKind.Tear => bio.Operation == BioOperation.Write && bio.SectorCount >= 2,
            FaultActionKind.Corrupt => bio.SegmentCount > 0,
            _ => true,
        };
    }

    /// <summary>True when the <paramref name="matchCount"/>-th matching bio is one the rule fires on (before probability).</summary>
    /// <param name="matchCount">How many bios have matched so far, this one included (1-based).</param>
    /// <returns>Whether the count selects this bio.</returns>
    public bool CountSelects(long matchCount) => (Nth, Every) switch
    {
        (null, null) => true,
        (long n, null) => matchCount == n,
        (null, long k) => matchCount % k == 0,
        (long n, long k) => matchCount >= n && (matchCount - n) % k == 0,
    };

    /// <inheritdoc />
    public override string ToString() => FaultRuleSyntax.Format(this);
}
