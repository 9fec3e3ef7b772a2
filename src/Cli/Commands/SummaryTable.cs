using System.Globalization;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;
using Spectre.Console;

namespace DmIo.Cli.Commands;

/// <summary>The human summary of a run: a table of steps (requests with bits and region outcomes), then the verdict.</summary>
internal static class SummaryTable
{
    public static void Write(CliContext context, Scenario scenario, RunResult result)
    {
        IAnsiConsole console = context.Console;
        console.MarkupLine($"[bold]{Markup.Escape(scenario.Name)}[/] (seed {scenario.Seed}, {scenario.Devices.Count} device(s), {scenario.Steps.Count} step(s))");
        var table = new Table().Border(TableBorder.Simple);
        foreach (string column in new[] { "#", "step", "what", "rc", "error bits", "regions", "check" })
        {
            table.AddColumn(column);
        }

        foreach (StepOutcome step in result.Steps)
        {
            string check = step.Failures.Count == 0 ? "[green]ok[/]" : "[red]FAIL[/]";
            StepSpec? spec = step.Index < scenario.Steps.Count ? scenario.Steps[step.Index] : null;
            if (step.Failures.Count == 0 && Unchecked(step, spec) is { } mark)
            {
                check = mark;
            }

            if (step is RequestOutcome r)
            {
                string what = $"{r.Id}: {r.Operation}{(r.Flags.Length > 0 ? "+" + r.Flags : string.Empty)} {r.Mode}";
                string rc = r.ReturnCode?.ToString(CultureInfo.InvariantCulture) ?? (r.Rejected is null ? "-" : "rejected");
                string bits = r.ErrorBits is { } b ? "0x" + b.ToString("x", CultureInfo.InvariantCulture) : "-";
                string regions = string.Join(" ", r.Regions.Take(6).Select(g => $"{g.Device}[{g.Sector}+{g.Count}]={g.Outcome}")) +
                                 (r.Regions.Count > 6 ? $" (+{r.Regions.Count - 6})" : string.Empty);
                table.AddRow(Cell(step.Index), Cell("io"), Cell(what), Cell(rc), Cell(bits), Cell(regions), new Markup(check));
            }
            else
            {
                table.AddRow(Cell(step.Index), Cell(step.Kind), Cell(Brief(step)), Cell(string.Empty), Cell(string.Empty), Cell(string.Empty), new Markup(check));
            }
        }

        console.Write(table);
        console.WriteLine($"{result.Bios.Count} bio(s), {result.Faults.Count} fault decision(s), virtual time {result.EndNanoseconds} ns.");
        if (result.Error is not null)
        {
            console.MarkupLine($"[red]stopped:[/] {Markup.Escape(result.Error)}");
        }

        if (result.Passed)
        {
            console.MarkupLine("[green]PASS[/]: every expectation holds.");
        }
        else
        {
            console.MarkupLine($"[red]FAIL[/]: {result.Failures.Count} expectation(s) failed:");
            foreach (string failure in result.Failures)
            {
                console.WriteLine("  " + failure);
            }
        }
    }

    /// <summary>
    /// The check cell of a step that passed but should not read as plain "ok": a request that returned an error (or
    /// set an error bit) with no <c>expect</c> to say that was intended, or a device message the target refused.
    /// </summary>
    private static string? Unchecked(StepOutcome step, StepSpec? spec)
    {
        switch (step)
        {
            case RequestOutcome r when spec is IoStep { Expect: null } && (r.ReturnCode is not (null or 0) || r.ErrorBits is not (null or 0) || r.Rejected is not null):
                return "[yellow]error, no expect[/]";
            case SimpleOutcome when spec is MessageStep message && MessageError(step) is { } reason:
                string refused = "refused: " + Markup.Escape(reason);
                return message.ExpectError == true ? $"[green]{refused} (expected)[/]" : $"[yellow]{refused}[/]";
            default:
                return null;
        }
    }

    /// <summary>Why a device message was refused (its result's <c>error</c> field), or null when it was accepted.</summary>
    private static string? MessageError(StepOutcome step)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(ResultJson.Build(step.Write, indented: false));
        return doc.RootElement.TryGetProperty("error", out System.Text.Json.JsonElement error) && error.ValueKind == System.Text.Json.JsonValueKind.String
            ? error.GetString()
            : null;
    }

    private static Text Cell(object value) => new(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);

    private static string Brief(StepOutcome step)
    {
        string json = ResultJson.Build(step.Write, indented: false);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var parts = doc.RootElement.EnumerateObject()
            .Where(p => p.Name is not ("index" or "do" or "failures") && p.Value.ValueKind is System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number)
            .Select(p => $"{p.Name}={p.Value}");
        string text = string.Join(" ", parts);
        return text.Length > 90 ? text[..87] + "..." : text;
    }
}
