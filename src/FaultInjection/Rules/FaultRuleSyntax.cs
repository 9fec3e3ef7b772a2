using System.Globalization;
using System.Text;

namespace DmIo.FaultInjection;

/// <summary>
/// The text form of fault rules, as used by <see cref="RuleFaultDevice.Message"/>: space-separated
/// <c>key=value</c> fields, for example <c>name=r1 op=write sectors=0-99 nth=3 action=fail:ioerr</c>.
/// Keys: <c>name</c> and <c>action</c> (required), <c>op</c>, <c>flags</c>, <c>sectors</c>, <c>nth</c>,
/// <c>every</c>, <c>prob</c>, <c>from</c>, <c>until</c>. Durations carry a unit: ns, us, ms or s.
/// </summary>
public static class FaultRuleSyntax
{
    private static readonly (string Unit, long Nanoseconds)[] Units = [("s", 1_000_000_000), ("ms", 1_000_000), ("us", 1_000), ("ns", 1)];

    /// <summary>Parses a rule from its fields (the text after <c>add</c>).</summary>
    /// <param name="text">The fields.</param>
    /// <returns>A validated rule.</returns>
    /// <exception cref="FaultRuleSyntaxException">A field is unknown, repeated, missing or malformed.</exception>
    public static FaultRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == token.Length - 1)
            {
                throw new FaultRuleSyntaxException(text, token, "expected key=value");
            }

            string key = token[..eq];
            if (!fields.TryAdd(key, token[(eq + 1)..]))
            {
                throw new FaultRuleSyntaxException(text, key, "given twice");
            }
        }

        var reader = new FieldReader(text, fields);
        (long First, long? Last)? range = reader.ParseValue("sectors", ParseRange);
        FaultRule rule = new()
        {
            Name = reader.Required("name"),
            Action = reader.Parse("action", ParseAction, required: true)!,
            Operations = reader.Parse("op", ParseOperations),
            RequiredFlags = reader.ParseValue("flags", ParseFlags) ?? BioFlags.None,
            FirstSector = range?.First,
            LastSector = range?.Last,
            Nth = reader.ParseValue("nth", ParseCount),
            Every = reader.ParseValue("every", ParseCount),
            ProbabilityPartsPerBillion = reader.ParseValue("prob", ParseProbability) ?? FaultRule.Billion,
            FromNanoseconds = reader.ParseValue("from", ParseDuration),
            UntilNanoseconds = reader.ParseValue("until", ParseDuration),
        };
        reader.ThrowOnUnknown();
        try
        {
            return rule.Validate(nameof(text));
        }
        catch (ArgumentException e)
        {
            throw new FaultRuleSyntaxException(text, "rule", e.Message.Split(" (Parameter", 2)[0]);
        }
    }

    /// <summary>Formats <paramref name="rule"/> in the canonical field order; <see cref="Parse"/> reads it back.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The fields, for example <c>name=r1 op=write sectors=0-99 nth=3 action=fail:ioerr</c>.</returns>
    public static string Format(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var text = new StringBuilder($"name={rule.Name}");
        if (rule.Operations is not null)
        {
            text.Append(" op=").AppendJoin(',', rule.Operations.Select(op => op.ToShortName()));
        }

        if (rule.RequiredFlags != BioFlags.None)
        {
            text.Append(" flags=").Append(FormatFlags(rule.RequiredFlags));
        }

        if (rule.FirstSector is not null || rule.LastSector is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" sectors={rule.FirstSector ?? 0}-{(rule.LastSector is long last ? last.ToString(CultureInfo.InvariantCulture) : string.Empty)}");
        }

        AppendIf(text, "nth", rule.Nth?.ToString(CultureInfo.InvariantCulture));
        AppendIf(text, "every", rule.Every?.ToString(CultureInfo.InvariantCulture));
        if (rule.ProbabilityPartsPerBillion != FaultRule.Billion)
        {
            text.Append(" prob=").Append(((decimal)rule.ProbabilityPartsPerBillion / FaultRule.Billion).ToString("0.#########", CultureInfo.InvariantCulture));
        }

        AppendIf(text, "from", rule.FromNanoseconds is long from ? FormatDuration(from) : null);
        AppendIf(text, "until", rule.UntilNanoseconds is long until ? FormatDuration(until) : null);
        text.Append(" action=").Append(rule.Action);
        return text.ToString();
    }

    /// <summary>Parses a duration such as <c>250us</c>, <c>5ms</c> or <c>2s</c> into nanoseconds.</summary>
    /// <param name="text">Digits followed by ns, us, ms or s.</param>
    /// <returns>Nanoseconds.</returns>
    /// <exception cref="FormatException">The text is not a duration or overflows.</exception>
    public static long ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach ((string unit, long ns) in Units.OrderByDescending(u => u.Unit.Length))
        {
            if (text.EndsWith(unit, StringComparison.Ordinal) &&
                long.TryParse(text.AsSpan(0, text.Length - unit.Length), NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            {
                return value <= long.MaxValue / ns ? value * ns : throw new FormatException($"The duration '{text}' is too long.");
            }
        }

        throw new FormatException($"'{text}' is not a duration: digits then ns, us, ms or s.");
    }

    /// <summary>Formats nanoseconds in the largest unit that divides them exactly (<c>5ms</c>, <c>1500us</c>).</summary>
    /// <param name="nanoseconds">Not negative.</param>
    /// <returns>The duration text.</returns>
    public static string FormatDuration(long nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanoseconds);
        (string unit, long ns) = Units.First(u => nanoseconds % u.Nanoseconds == 0 && (nanoseconds != 0 || u.Unit == "ns"));
        return (nanoseconds / ns).ToString(CultureInfo.InvariantCulture) + unit;
    }

    /// <summary>Parses an action: <c>fail[:status]</c>, <c>delay:&lt;duration&gt;</c>, <c>corrupt[:bytes]</c>, <c>drop</c>,
    /// <c>tear[:sectors|any][:status]</c>, <c>misdirect:&lt;sector&gt;</c> or <c>misdirect:+n</c>/<c>-n</c>.</summary>
    /// <param name="text">The action text.</param>
    /// <returns>The action.</returns>
    public static FaultAction ParseAction(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(':');
        string arg(int i) => parts.Length > i ? parts[i] : throw new FormatException($"action {parts[0]} needs argument {i}");
        void maxParts(int n)
        {
            if (parts.Length > n)
            {
                throw new FormatException($"action {parts[0]} takes at most {n - 1} argument(s)");
            }
        }

        switch (parts[0])
        {
            case "fail":
                maxParts(2);
                return FaultAction.Fail(parts.Length > 1 ? ParseErrorStatus(parts[1]) : BlkStatus.IoError);
            case "delay":
                maxParts(2);
                return FaultAction.Delay(ParseDuration(arg(1)));
            case "corrupt":
                maxParts(2);
                return FaultAction.Corrupt(parts.Length > 1 ? (int)ParseBounded(parts[1], 1, DmIoConstants.PageSize) : 1);
            case "drop":
                maxParts(1);
                return FaultAction.Drop();
            case "tear":
                maxParts(3);
                int? keep = parts.Length < 2 || parts[1] == "any" ? null : (int)ParseBounded(parts[1], 0, int.MaxValue);
                BlkStatus status = parts.Length < 3 || parts[2] == "ok" ? BlkStatus.Ok : ParseErrorStatus(parts[2]);
                return FaultAction.Tear(keep, status);
            case "misdirect":
                maxParts(2);
                string where = arg(1);
                if (where.Length == 0)
                {
                    throw new FormatException("action misdirect needs a sector, or +/- an offset"); // "misdirect:" has nothing to read
                }

                return where[0] is '+' or '-'
                    ? FaultAction.MisdirectBy((where[0] == '-' ? -1 : 1) * ParseBounded(where[1..], 1, long.MaxValue))
                    : FaultAction.MisdirectTo(ParseBounded(where, 0, long.MaxValue));
            default:
                throw new FormatException($"unknown action '{parts[0]}' (fail, delay, corrupt, drop, tear, misdirect)");
        }
    }

    private static BlkStatus ParseErrorStatus(string text) => text switch
    {
        "ioerr" => BlkStatus.IoError,
        "notsupp" => BlkStatus.NotSupported,
        "medium" => BlkStatus.Medium,
        "timeout" => BlkStatus.Timeout,
        "nospc" => BlkStatus.NoSpace,
        "inval" => BlkStatus.Invalid,
        _ => throw new FormatException($"unknown status '{text}' (ioerr, notsupp, medium, timeout, nospc, inval)"),
    };

    private static List<BioOperation> ParseOperations(string text) =>
        [.. text.Split(',').Select(op => op switch
        {
            "read" => BioOperation.Read,
            "write" => BioOperation.Write,
            "discard" => BioOperation.Discard,
            "write_zeroes" => BioOperation.WriteZeroes,
            _ => throw new FormatException($"unknown operation '{op}' (read, write, discard, write_zeroes)"),
        }).Distinct()];

    private static BioFlags ParseFlags(string text) =>
        text.Split(',').Aggregate(BioFlags.None, (all, flag) => all | flag switch
        {
            "sync" => BioFlags.Sync,
            "meta" => BioFlags.Meta,
            "preflush" => BioFlags.Preflush,
            "fua" => BioFlags.Fua,
            _ => throw new FormatException($"unknown flag '{flag}' (sync, meta, preflush, fua)"),
        });

    private static string FormatFlags(BioFlags flags)
    {
        var names = new List<string>();
        foreach ((BioFlags flag, string name) in new[] { (BioFlags.Sync, "sync"), (BioFlags.Meta, "meta"), (BioFlags.Preflush, "preflush"), (BioFlags.Fua, "fua") })
        {
            if ((flags & flag) != 0)
            {
                names.Add(name);
            }
        }

        return string.Join(',', names);
    }

    private static (long First, long? Last) ParseRange(string text)
    {
        int dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            long single = ParseBounded(text, 0, long.MaxValue);
            return (single, single);
        }

        long first = ParseBounded(text[..dash], 0, long.MaxValue);
        return (first, dash == text.Length - 1 ? null : ParseBounded(text[(dash + 1)..], 0, long.MaxValue));
    }

    private static long ParseCount(string text) => ParseBounded(text, 1, long.MaxValue);

    private static ulong ParseProbability(string text)
    {
        bool percent = text.EndsWith('%');
        if (!decimal.TryParse(percent ? text[..^1] : text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
        {
            throw new FormatException($"'{text}' is not a probability such as 0.25 or 25%");
        }

        value = percent ? value / 100 : value;
        if (value > 1)
        {
            throw new FormatException($"the probability {text} exceeds 1");
        }

        return (ulong)decimal.Truncate(value * FaultRule.Billion);
    }

    private static long ParseBounded(string text, long min, long max)
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value < min || value > max)
        {
            throw new FormatException($"'{text}' is not a whole number from {min} to {max}");
        }

        return value;
    }

    private static void AppendIf(StringBuilder text, string key, string? value)
    {
        if (value is not null)
        {
            text.Append(' ').Append(key).Append('=').Append(value);
        }
    }

    /// <summary>Reads fields by key, turning parse failures into <see cref="FaultRuleSyntaxException"/>s that name the key.</summary>
    private sealed class FieldReader(string text, Dictionary<string, string> fields)
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal); // keys consumed, to spot unknown ones

        public string Required(string key)
        {
            _used.Add(key);
            return fields.TryGetValue(key, out string? value) ? value : throw new FaultRuleSyntaxException(text, key, "missing");
        }

        public T? Parse<T>(string key, Func<string, T> parse, bool required = false)
            where T : class
        {
            _used.Add(key);
            if (!fields.TryGetValue(key, out string? value))
            {
                return required ? throw new FaultRuleSyntaxException(text, key, "missing") : null;
            }

            return Wrap(key, value, parse);
        }

        public T? ParseValue<T>(string key, Func<string, T> parse)
            where T : struct
        {
            _used.Add(key);
            return fields.TryGetValue(key, out string? value) ? Wrap(key, value, parse) : null;
        }

        public void ThrowOnUnknown()
        {
            foreach (string key in fields.Keys)
            {
                if (!_used.Contains(key))
                {
                    throw new FaultRuleSyntaxException(text, key, "unknown key (name, op, flags, sectors, nth, every, prob, from, until, action)");
                }
            }
        }

        private T Wrap<T>(string key, string value, Func<string, T> parse)
        {
            try
            {
                return parse(value);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new FaultRuleSyntaxException(text, key, e.Message.Split(" (Parameter", 2)[0]);
            }
        }
    }
}
