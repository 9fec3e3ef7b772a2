using DmIo.FaultInjection;
using DmIo.Simulation.Targets;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.Fuzz;

/// <summary>
/// (c) Messages: each line goes to a dust device (<c>dust &lt;words&gt;</c>, <see cref="DustDevice.Message"/>), a rules
/// device (<c>rules &lt;text&gt;</c>, <see cref="RuleFaultDevice.Message"/>) or the flakey device, interleaved with
/// I/O lines in <see cref="IoDriver"/>'s language on <c>dust</c>, <c>rules</c> and <c>flakey</c> and with time
/// advances. dm-flakey has no message handler (6.12 has none either): it is reconfigured by loading a new table, so
/// <c>flakey &lt;args&gt;</c> reloads it with the line <c>0 4096 flakey &lt;args&gt;</c>. Any other line is sent to dust
/// (as words) and to rules (as text). Invariants: dust refuses only with <see cref="DeviceMessageException"/>, rules only
/// with <see cref="FaultRuleSyntaxException"/>, a flakey reload only with <see cref="TableSyntaxException"/>, and a
/// refusal leaves the device's table, status and bad-block or rule list unchanged; an accepted message does what it
/// says (an added block or rule is there, a removed one is gone, a cleared list is empty, counts and lists agree);
/// a listed rule re-parses to itself; and dm-io's completion contract holds for the I/O.
/// </summary>
public sealed class MessageTarget : IFuzzTarget
{
    private const long Sectors = 4096;

    /// <inheritdoc />
    public string Name => "messages";

    /// <inheritdoc />
    public FuzzOutcome Run(byte[] input)
    {
        var scheduler = new SimulatedScheduler(2);
        var record = new FaultRecord();
        var choices = new RandomChoiceSource(new DeterministicRandom(2));
        TargetRegistry registry = FaultTargets.CreateRegistry(record, choices);
        ScenarioTargets.Register(registry, record, choices);
        var catalog = new DeviceCatalog();
        foreach (string name in new[] { "s0", "s1", "s2" })
        {
            catalog.Add(new SparseMemoryDevice(name, Sectors, scheduler: scheduler));
        }

        var parser = new DeviceTableParser(catalog, registry, scheduler, new DeterministicRandom(2));
        var dust = (DustDevice)parser.Create("dust", $"0 {Sectors} dust s0 0 512").Segments[0].Target;
        var rules = (RuleFaultDevice)parser.Create("rules", $"0 {Sectors} rules s1 0").Segments[0].Target;
        TableDevice flakey = parser.Create("flakey", $"0 {Sectors} flakey s2 0 1 1");
        int accepted = 0, refused = 0;
        using var driver = new IoDriver(scheduler, name => catalog.TryGet(name, out IBlockDevice? d) ? d : null);
        foreach (string line in FuzzText.Lines(FuzzText.Decode(input)))
        {
            string[] words = FuzzText.Words(line);
            if (words.Length == 0 || driver.Run(words))
            {
                continue;
            }

            string rest = line.TrimStart()[words[0].Length..];
            bool ok = words[0] switch
            {
                "dust" => Dust(dust, words[1..]),
                "rules" => Rules(rules, rest),
                "flakey" => Reload(parser, catalog, ref flakey, rest),
                _ => Dust(dust, words) & Rules(rules, line),
            };
            (ok ? ref accepted : ref refused)++;
        }

        driver.Settle();
        return new FuzzOutcome(accepted, refused);
    }

    private static bool Dust(DustDevice dust, string[] words)
    {
        string before = DustState(dust);
        try
        {
            string reply = dust.Message(words);
            CheckDustEffect(dust, words, reply);
            return true;
        }
        catch (DeviceMessageException)
        {
            Unchanged("refused-dust-message-changes-nothing", before, DustState(dust), words);
            return false;
        }
        catch (InvariantViolation)
        {
            throw;
        }
        catch (Exception e)
        {
            throw InvariantViolation.Undocumented("dust-throws-only-DeviceMessageException", e);
        }
    }

    // What an accepted message must have done, read back through the device's own query messages.
    private static void CheckDustEffect(DustDevice dust, string[] words, string reply)
    {
        string command = words.Length == 0 ? string.Empty : words[0].ToLowerInvariant();
        string Query() => dust.Message("queryblock", words[1]);
        switch (command)
        {
            case "addbadblock" when !Query().EndsWith(" found in badblocklist", StringComparison.Ordinal) || Query().Contains("not found", StringComparison.Ordinal):
                throw new InvariantViolation("dust-message-does-what-it-says", $"'{string.Join(' ', words)}' was accepted but queryblock says '{Query()}'");
            case "removebadblock" when !Query().Contains("not found", StringComparison.Ordinal):
                throw new InvariantViolation("dust-message-does-what-it-says", $"'{string.Join(' ', words)}' was accepted but queryblock says '{Query()}'");
            case "clearbadblocks" when dust.BadBlockCount != 0:
                throw new InvariantViolation("dust-message-does-what-it-says", $"clearbadblocks left {dust.BadBlockCount} blocks");
            case "countbadblocks" when reply != $"countbadblocks: {dust.BadBlockCount} badblock(s) found":
                throw new InvariantViolation("dust-message-does-what-it-says", $"countbadblocks replied '{reply}' with {dust.BadBlockCount} blocks listed");
            case "listbadblocks" when (dust.BadBlockCount == 0 ? reply != "No blocks in badblocklist" : reply.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length != dust.BadBlockCount):
                throw new InvariantViolation("dust-message-does-what-it-says", $"listbadblocks replied '{reply.ReplaceLineEndings("\\n")}' with {dust.BadBlockCount} blocks");
        }
    }

    private static bool Rules(RuleFaultDevice rules, string text)
    {
        string before = RuleState(rules);
        try
        {
            string reply = rules.Message(text);
            CheckRuleEffect(rules, text, reply);
            return true;
        }
        catch (FaultRuleSyntaxException)
        {
            Unchanged("refused-rule-message-changes-nothing", before, RuleState(rules), [text]);
            return false;
        }
        catch (InvariantViolation)
        {
            throw;
        }
        catch (Exception e)
        {
            throw InvariantViolation.Undocumented("rules-throw-only-FaultRuleSyntaxException", e);
        }
    }

    private static void CheckRuleEffect(RuleFaultDevice rules, string text, string reply)
    {
        string trimmed = text.Trim();
        string[] words = FuzzText.Words(trimmed);
        switch (words[0])
        {
            case "add":
                FaultRule rule = FaultRuleSyntax.Parse(trimmed[3..].Trim());
                if (!rules.Rules.Any(r => r.Rule.Name == rule.Name))
                {
                    throw new InvariantViolation("rule-message-does-what-it-says", $"'{text}' was accepted but no rule {rule.Name} is listed");
                }

                string formatted = FaultRuleSyntax.Format(rule);
                string again;
                try
                {
                    again = FaultRuleSyntax.Format(FaultRuleSyntax.Parse(formatted));
                }
                catch (Exception e)
                {
                    throw new InvariantViolation("rule-text-round-trips", $"'{text}' is listed as '{formatted}', which does not parse: {e.Message}", e);
                }

                if (again != formatted)
                {
                    throw new InvariantViolation("rule-text-round-trips", $"'{text}' is listed as '{formatted}', which parses back as '{again}'");
                }

                break;
            case "remove" when rules.Rules.Any(r => r.Rule.Name == words[1]):
                throw new InvariantViolation("rule-message-does-what-it-says", $"'{text}' was accepted but the rule is still listed");
            case "clear" when rules.Rules.Count != 0:
                throw new InvariantViolation("rule-message-does-what-it-says", $"clear left {rules.Rules.Count} rules");
            case "list" when reply.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length != rules.Rules.Count:
                throw new InvariantViolation("rule-message-does-what-it-says", $"list replied {reply.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length} lines for {rules.Rules.Count} rules");
        }
    }

    // dm-flakey's only runtime control: load a new table and resume (the device keeps its name).
    private static bool Reload(DeviceTableParser parser, DeviceCatalog catalog, ref TableDevice flakey, string args)
    {
        string before = $"{flakey.Table}|{flakey.Status}";
        TableDevice next;
        try
        {
            next = parser.Parse("flakey", $"0 {Sectors} flakey {args}");
        }
        catch (TableSyntaxException)
        {
            Unchanged("refused-flakey-table-changes-nothing", before, $"{flakey.Table}|{flakey.Status}", [args]);
            return false;
        }
        catch (Exception e)
        {
            throw InvariantViolation.Undocumented("parser-throws-only-TableSyntaxException", e);
        }

        catalog.Remove("flakey");
        catalog.Add(next);
        flakey = next;
        return true;
    }

    private static string DustState(DustDevice dust) =>
        $"{dust.IsEnabled} {dust.BadBlockCount} {dust.Status} {dust.Table} [{dust.Message("listbadblocks").ReplaceLineEndings(",")}]";

    private static string RuleState(RuleFaultDevice rules) => string.Join(";", rules.Rules.Select(r => r.ToString()));

    private static void Unchanged(string invariant, string before, string after, IEnumerable<string> message)
    {
        if (before != after)
        {
            throw new InvariantViolation(invariant, $"'{string.Join(' ', message)}' was refused but the state went from '{before}' to '{after}'");
        }
    }
}
