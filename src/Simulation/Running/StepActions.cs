using System.Text.Json;
using DmIo.Clients.Mirror;
using DmIo.FaultInjection;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.Simulation.Running;

/// <summary>The steps other than requests: messages, crashes, media checks, legacy pool changes.</summary>
internal static class StepActions
{
    public static SimpleOutcome Message(MessageStep step, DeviceCatalog catalog, Dictionary<RuleFaultDevice, List<FaultRule>> suspended)
    {
        var outcome = new SimpleOutcome(step.Index, step.Kind).Add("device", step.Device).Add("sector", step.Sector).Add("text", step.Text);
        string? reply = null;
        string? error = null;
        IBlockDevice? target = Target(catalog.Get(step.Device), step.Sector);
        try
        {
            reply = target switch
            {
                null => throw new ArgumentException($"no table line of '{step.Device}' covers sector {step.Sector}"),
                DustDevice dust => dust.Message(step.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries)),
                RuleFaultDevice rules when step.Text.Trim() == "suspend" => Suspend(rules, suspended),
                RuleFaultDevice rules when step.Text.Trim() == "resume" => Resume(rules, suspended),
                RuleFaultDevice rules => rules.Message(step.Text),
                _ => throw new ArgumentException($"the {TargetName(target)} target of '{step.Device}' takes no messages"),
            };
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            error = ScenarioRun.FirstSentence(e.Message);
        }

        outcome.Add("reply", reply).Add("error", error);
        if (step.ExpectError is { } wantError && wantError != (error is not null))
        {
            outcome.Fail(wantError ? $"expected the message to be refused, but it replied \"{reply}\"" : $"expected the message to be accepted, but it was refused: {error}");
        }

        if (step.ExpectReply is { } wantReply && wantReply != reply)
        {
            outcome.Fail($"reply: expected \"{wantReply}\", got {(reply is null ? "an error: " + error : "\"" + reply + "\"")}");
        }

        return outcome;
    }

    public static SimpleOutcome Status(StatusStep step, DeviceCatalog catalog)
    {
        var outcome = new SimpleOutcome(step.Index, step.Kind).Add("device", step.Device);
        if (catalog.Get(step.Device) is not TableDevice table)
        {
            outcome.Fail($"device '{step.Device}' is not a table device");
            return outcome;
        }

        string status = table.Status;
        string text = table.Table;
        outcome.Add("status", status).Add("table", text);
        string[] kernelLog = [.. table.Segments.Select(s => s.Target).OfType<MirrorTarget>().SelectMany(m => m.KernelLog())];
        outcome.Add("kernel_log", w =>
        {
            w.WriteStartArray("kernel_log");
            foreach (string line in kernelLog)
            {
                w.WriteStringValue(line);
            }

            w.WriteEndArray();
        });
        if (step.ExpectStatus is { } wantStatus && wantStatus != status)
        {
            outcome.Fail($"status: expected \"{wantStatus}\", got \"{status}\"");
        }

        if (step.ExpectTable is { } wantTable && wantTable != text)
        {
            outcome.Fail($"table: expected \"{wantTable}\", got \"{text}\"");
        }

        return outcome;
    }

    public static SimpleOutcome Crash(CrashStep step, IReadOnlyList<(string Table, VolatileWriteCacheDevice Cache)> caches)
    {
        var outcome = new SimpleOutcome(step.Index, step.Kind).Add("device", step.Device);
        var reports = caches.Where(c => step.Device is null || c.Table == step.Device).Select(c => c.Cache.Crash()).ToList();
        if (reports.Count == 0)
        {
            outcome.Fail(step.Device is null ? "the scenario has no volatile_cache target to crash" : $"device '{step.Device}' has no volatile_cache target");
        }

        outcome.Add("caches", w =>
        {
            w.WriteStartArray("caches");
            foreach (CrashReport report in reports)
            {
                w.WriteStartObject();
                w.WriteString("device", report.Device);
                w.WriteNumber("failed_bios", report.BiosFailed);
                w.WriteStartArray("writes");
                foreach (CrashedWrite write in report.Writes)
                {
                    w.WriteStartObject();
                    w.WriteNumber("bio", write.BioId);
                    w.WriteNumber("sector", write.Sector);
                    w.WriteNumber("count", write.SectorCount);
                    w.WriteString("fate", write.Fate.ToString().ToLowerInvariant());
                    w.WriteNumber("kept_sectors", write.KeptSectors);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
        return outcome;
    }

    public static SimpleOutcome Check(CheckStep step, IBlockDevice device, Func<string, ReadOnlyMemory<byte>> payloadOf)
    {
        var outcome = new SimpleOutcome(step.Index, step.Kind).Add("device", step.Device).Add("sector", step.Sector).Add("count", step.Count);
        if (step.Count > device.CapacitySectors - step.Sector) // not Sector + Count: a sector near 2^63 would wrap
        {
            outcome.Fail($"sectors {step.Sector}+{step.Count} run past the end of '{step.Device}' ({device.CapacitySectors} sectors)");
            return outcome.Add("digest", (string?)null);
        }

        byte[] bytes = new byte[step.Count * DmIoConstants.SectorSize];
        if (device is StorageDeviceBase storage)
        {
            storage.ReadDirect(step.Sector, bytes);
        }

        string digest = Fnv64.Of(bytes);
        outcome.Add("digest", digest);
        if (DataComparison.Compare(step.Expect, bytes, digest, payloadOf) is { } problem)
        {
            outcome.Fail(problem);
        }

        return outcome;
    }

    public static SimpleOutcome Pool(PoolStep step, DmIoLegacy legacy)
    {
        var outcome = new SimpleOutcome(step.Index, step.Kind).Add("get", step.Get).Add("put", step.Put);
        string? error = null;
        try
        {
            if (step.Get > 0)
            {
                legacy.Get(step.Get);
            }
            else
            {
                legacy.Put(step.Put);
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            error = ScenarioRun.FirstSentence(e.Message);
        }

        outcome.Add("pool_size", legacy.IoCapacity).Add("error", error);
        if (step.ExpectPoolSize is { } size && size != legacy.IoCapacity)
        {
            outcome.Fail($"pool_size: expected {size}, got {legacy.IoCapacity}");
        }

        return outcome;
    }

    private static IBlockDevice? Target(IBlockDevice device, long sector) =>
        device is TableDevice table
            ? table.Segments.Where(s => sector >= s.StartSector && sector < s.StartSector + s.LengthSectors).Select(s => s.Target).FirstOrDefault()
            : null;

    private static string TargetName(IBlockDevice device) => device.GetType().Name.Replace("Device", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private static string Suspend(RuleFaultDevice rules, Dictionary<RuleFaultDevice, List<FaultRule>> suspended)
    {
        if (suspended.ContainsKey(rules))
        {
            throw new ArgumentException("the rules are already suspended");
        }

        suspended[rules] = [.. rules.Rules.Select(r => r.Rule)];
        rules.ClearRules();
        return string.Empty;
    }

    private static string Resume(RuleFaultDevice rules, Dictionary<RuleFaultDevice, List<FaultRule>> suspended)
    {
        if (!suspended.Remove(rules, out List<FaultRule>? parked))
        {
            throw new ArgumentException("the rules are not suspended");
        }

        foreach (FaultRule rule in parked)
        {
            rules.AddRule(rule);
        }

        return string.Empty;
    }
}
