using System.Text;

namespace DmIo.FaultInjection;

/// <summary>
/// Injects faults chosen by rules into the bios passing through to another device. Rules are tried in the order
/// they were added; the first that fires decides the bio's fate and later rules do not see it (nor count it).
/// Bios no rule fires on pass through unchanged. Rules can be added and removed at any time, from any thread,
/// directly or with dmsetup-style messages (<see cref="Message"/>). Every fault applied is written to the
/// <see cref="FaultRecord"/>, with the rule's name, when the bio completes. Random choices go through an
/// <see cref="IChoiceSource"/> labelled <c>&lt;device&gt;:&lt;rule&gt;:&lt;what&gt;</c>.
/// </summary>
public sealed class RuleFaultDevice : IBlockDevice
{
    // Rules of recent "add" messages: a rule is immutable and depends only on its text, and a sweep sends the same
    // messages in every seed.
    private static readonly ParseMemo<FaultRule> RecentRules = new();

    private readonly IBlockDevice _lower;              // where bios really go
    private readonly IIoScheduler _scheduler;          // virtual time for windows and delays
    private readonly IChoiceSource _choices;           // probabilities, corrupt offsets, tear points
    private readonly FaultRecord _record;              // every fault applied
    private readonly object _lock = new();             // guards _rules and their counters
    private readonly List<RuleState> _rules = [];      // in the order they are tried

    /// <summary>Creates a rule-driven fault device over <paramref name="lower"/>, with no rules yet.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="lower">The device beneath.</param>
    /// <param name="scheduler">The clock for time windows and the queue for delays.</param>
    /// <param name="choices">Where random choices come from.</param>
    /// <param name="record">Where fault decisions are written.</param>
    public RuleFaultDevice(string name, IBlockDevice lower, IIoScheduler scheduler, IChoiceSource choices, FaultRecord record)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(record);
        Name = name;
        _lower = lower;
        _scheduler = scheduler;
        _choices = choices;
        _record = record;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long CapacitySectors => _lower.CapacitySectors;

    /// <summary>
    /// Exactly the lower device's limits. Its kernel counterpart is fault injection on the device itself
    /// (<c>fail_make_request</c>, null_blk's fault attributes), not a stacked device, so nothing is restacked; and it
    /// stays bio-based because the bios it passes on go through the block layer to the lower device, which splits them.
    /// </summary>
    public QueueLimits Limits => _lower.Limits;

    /// <summary>The rules with their counters, in the order they are tried.</summary>
    public IReadOnlyList<RuleStatus> Rules
    {
        get
        {
            lock (_lock)
            {
                return [.. _rules.Select(r => new RuleStatus(r.Rule, r.Matched, r.Fired))];
            }
        }
    }

    /// <summary>Adds <paramref name="rule"/> after the existing rules, with fresh counters.</summary>
    /// <param name="rule">The rule; validated here.</param>
    /// <exception cref="ArgumentException">The rule is invalid or its name is taken.</exception>
    public void AddRule(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        rule.Validate(nameof(rule));
        lock (_lock)
        {
            if (_rules.Any(r => r.Rule.Name == rule.Name))
            {
                throw new ArgumentException($"Device {Name} already has a rule named {rule.Name}.", nameof(rule));
            }

            _rules.Add(new RuleState(rule));
        }
    }

    /// <summary>Removes the rule named <paramref name="name"/>; bios already acted on are unaffected.</summary>
    /// <param name="name">The rule's name.</param>
    /// <returns>False when there was no such rule.</returns>
    public bool RemoveRule(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_lock)
        {
            return _rules.RemoveAll(r => r.Rule.Name == name) != 0;
        }
    }

    /// <summary>Removes every rule.</summary>
    public void ClearRules()
    {
        lock (_lock)
        {
            _rules.Clear();
        }
    }

    /// <summary>
    /// Handles a dmsetup-style message: <c>add &lt;fields&gt;</c> (see <see cref="FaultRuleSyntax"/>),
    /// <c>remove &lt;name&gt;</c>, <c>list</c> (one rule per line with <c>matched=</c> and <c>fired=</c> counters)
    /// or <c>clear</c>.
    /// </summary>
    /// <param name="text">The message.</param>
    /// <returns>The reply: the rule list for <c>list</c>, otherwise empty.</returns>
    /// <exception cref="FaultRuleSyntaxException">The message is malformed or names a missing or duplicate rule; nothing changed.</exception>
    public string Message(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        int space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        string command = space < 0 ? trimmed : trimmed[..space];
        string rest = space < 0 ? string.Empty : trimmed[(space + 1)..].Trim();
        switch (command)
        {
            case "add":
                FaultRule rule = RecentRules.GetOrParse(rest, 0, static (fields, _) => FaultRuleSyntax.Parse(fields));
                try
                {
                    AddRule(rule);
                }
                catch (ArgumentException)
                {
                    throw new FaultRuleSyntaxException(text, "name", $"a rule named {rule.Name} already exists");
                }

                return string.Empty;
            case "remove" when rest.Length > 0 && !rest.Contains(' ', StringComparison.Ordinal):
                return RemoveRule(rest) ? string.Empty : throw new FaultRuleSyntaxException(text, "name", $"no rule named {rest}");
            case "list" when rest.Length == 0:
                var list = new StringBuilder();
                foreach (RuleStatus status in Rules)
                {
                    list.Append(status).Append('\n');
                }

                return list.ToString();
            case "clear" when rest.Length == 0:
                ClearRules();
                return string.Empty;
            default:
                throw new FaultRuleSyntaxException(text, "command", "expected add <fields>, remove <name>, list or clear");
        }
    }

    /// <inheritdoc />
    public void Submit(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        if (OutsideDevice.FailIfOutside(bio, CapacitySectors))
        {
            return;
        }

        FaultRule? rule = Decide(bio);
        if (rule is null)
        {
            BlockLayer.Submit(_lower, bio); // remap, as dm does: the lower device completes the caller's bio
            return;
        }

        FaultAction action = rule.Action;
        switch (action.Kind)
        {
            case FaultActionKind.Fail:
                Finish(bio, rule, bio.Sector, bio.SectorCount, action.Status);
                break;
            case FaultActionKind.Drop:
                Finish(bio, rule, bio.Sector, bio.SectorCount, BlkStatus.Ok);
                break;
            case FaultActionKind.Delay:
                BlockLayer.Submit(_lower, ChildBios.Forward(bio, bio.Sector, new Fired(this, bio, rule, bio.Sector, bio.SectorCount)));
                break;
            case FaultActionKind.Corrupt when bio.Operation == BioOperation.Read:
                BlockLayer.Submit(_lower, ChildBios.Forward(bio, bio.Sector, new Fired(this, bio, rule, bio.Sector, bio.SectorCount)));
                break;
            case FaultActionKind.Corrupt:
                byte[] corrupted = ChildBios.Gather(bio); // never scribble on the caller's buffer
                CorruptBytes(corrupted, rule);
                BlockLayer.Submit(_lower, ChildBios.WriteOf(bio, bio.Flags, bio.Sector, corrupted, new Fired(this, bio, rule, bio.Sector, bio.SectorCount)));
                break;
            case FaultActionKind.Tear:
                SubmitTorn(bio, rule);
                break;
            case FaultActionKind.Misdirect:
                long target = action.MisdirectSector ?? (bio.Sector + action.MisdirectOffset);
                BlockLayer.Submit(_lower, ChildBios.Forward(bio, target, new Fired(this, bio, rule, bio.Sector, bio.SectorCount)));
                break;
        }
    }

    private FaultRule? Decide(Bio bio)
    {
        long now = _scheduler.NowNanoseconds;
        lock (_lock)
        {
            foreach (RuleState state in _rules)
            {
                FaultRule rule = state.Rule;
                if (!rule.Matches(bio, now))
                {
                    continue;
                }

                state.Matched++;
                if (!rule.CountSelects(state.Matched))
                {
                    continue;
                }

                if (rule.ProbabilityPartsPerBillion != FaultRule.Billion &&
                    _choices.Choose($"{Name}:{rule.Name}:prob", FaultRule.Billion) >= rule.ProbabilityPartsPerBillion)
                {
                    continue;
                }

                state.Fired++;
                return rule;
            }
        }

        return null;
    }

    private void SubmitTorn(Bio bio, FaultRule rule)
    {
        long sectors = bio.SectorCount;
        long keep = rule.Action.TearKeepSectors is int fixedKeep
            ? Math.Min(fixedKeep, sectors - 1)
            : (long)_choices.Choose($"{Name}:{rule.Name}:tear_keep", (ulong)sectors);
        var fired = new Fired(this, bio, rule, bio.Sector + keep, sectors - keep);
        if (keep == 0)
        {
            fired.Finish(BlkStatus.Ok);
            return;
        }

        BlockLayer.Submit(_lower, ChildBios.ForwardPrefix(bio, bio.Sector, keep << DmIoConstants.SectorShift, fired));
    }

    private void CorruptBytes(Span<byte> data, FaultRule rule)
    {
        for (int i = 0; i < rule.Action.CorruptBytes; i++)
        {
            int offset = (int)_choices.Choose($"{Name}:{rule.Name}:corrupt_offset", (ulong)data.Length);
            data[offset] ^= (byte)(1 + _choices.Choose($"{Name}:{rule.Name}:corrupt_xor", 255));
        }
    }

    private void CorruptSegments(Bio bio, FaultRule rule)
    {
        byte[] data = ChildBios.Gather(bio);
        CorruptBytes(data, rule);
        bio.CopyToSegments(data);
    }

    private void Finish(Bio bio, FaultRule rule, long sector, long count, BlkStatus status)
    {
        _record.Add(_scheduler.NowNanoseconds, Name, bio, bio.Operation, sector, count, rule.Name, rule.Action.Name, status);
        bio.Complete(status);
    }

    /// <summary>A rule's counters; guarded by the device's lock.</summary>
    private sealed class RuleState(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;

        public long Matched { get; set; }

        public long Fired { get; set; }
    }

    /// <summary>Completes a bio a rule fired on once its child is done, applying what is left of the action.</summary>
    private sealed class Fired(RuleFaultDevice device, Bio parent, FaultRule rule, long sector, long count) : IBioEndIo
    {
        public void EndIo(Bio child)
        {
            BlkStatus status = child.Status;
            switch (rule.Action.Kind)
            {
                case FaultActionKind.Delay:
                    device._scheduler.Schedule(rule.Action.DelayNanoseconds, () => Finish(status));
                    return;
                case FaultActionKind.Corrupt when parent.Operation == BioOperation.Read && status == BlkStatus.Ok:
                    device.CorruptSegments(parent, rule);
                    break;
                case FaultActionKind.Tear when status == BlkStatus.Ok:
                    status = rule.Action.Status;
                    break;
            }

            Finish(status);
        }

        public void Finish(BlkStatus status) => device.Finish(parent, rule, sector, count, status);
    }
}
