using System.Text.Json;
using DmIo.FaultInjection;
using DmIo.Nbd.Exports;
using DmIo.Simulation;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Nbd.Serving;

/// <summary>
/// Runs a served session again from its trace, on the simulated clock: the scenario's steps, then each request and
/// control step at the virtual time its mark was written, with the writes' recorded payloads. Every line the replay
/// writes is checked against the trace, so the same fault decisions must come out at the same times; the first line
/// that differs stops it and is reported, as <c>dmio-sim replay</c> does for a scenario's trace.
/// </summary>
public static class NbdReplay
{
    /// <summary>True when <paramref name="trace"/> was written by an NBD session (it has a serve mark).</summary>
    /// <param name="trace">A trace.</param>
    /// <returns>Whether it is an NBD session's.</returns>
    public static bool IsSessionTrace(TraceLog trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return ServeMark(trace) >= 0;
    }

    /// <summary>Replays <paramref name="trace"/> against <paramref name="scenario"/>.</summary>
    /// <param name="trace">An NBD session's trace.</param>
    /// <param name="scenario">The scenario it served (usually the one the trace embeds).</param>
    /// <param name="payloads">The session's payload file, read in order by the writes; may be null when it had none.</param>
    /// <param name="limits">The resource caps.</param>
    /// <returns>The result, with the divergence when there was one.</returns>
    /// <exception cref="TraceFormatException">The trace has no serve mark, a request mark cannot be read, or a write's payload is missing.</exception>
    public static RunResult Run(TraceLog trace, Scenario scenario, Stream? payloads, ResourceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(limits);
        int serve = ServeMark(trace);
        if (serve < 0)
        {
            throw new TraceFormatException(1, "the trace has no 'nbd serve' mark; it was not written by 'dmio-sim nbd'");
        }

        Dictionary<string, string> exports = ExportsOf(trace.Events[serve]);
        var runOptions = new RunOptions { Replay = trace, Limits = limits with { MaxVirtualNanoseconds = long.MaxValue } };
        using ScenarioRun run = NbdRunSetup.Start(scenario, [.. exports.Select(e => new NbdExportSpec(e.Key, e.Value))], runOptions, stopIsError: false);
        int nextStep = scenario.Steps.Count;
        for (int i = serve + 1; i < trace.Events.Count && !run.Stopped; i++)
        {
            TraceEvent e = trace.Events[i];
            if (e.Kind != TraceEventKind.Mark || MarkText(e) is not { } text || !text.StartsWith(NbdRequestMark.Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (text.StartsWith(NbdRequestMark.StepPrefix, StringComparison.Ordinal))
            {
                string json = text[NbdRequestMark.StepPrefix.Length..];
                StepSpec step = ScenarioLoader.ParseStep(json, scenario, nextStep, limits);
                bool executed = false;
                run.Guard(r =>
                {
                    r.AdvanceTo(e.TimeNanoseconds);
                    r.TraceMark(text);
                    executed = TryExecute(r, step);
                });
                nextStep += executed ? 1 : 0;
                continue;
            }

            if (!NbdRequestMark.TryParseRequest(text, out string export, out NbdIo io) || !exports.TryGetValue(export, out string? device))
            {
                throw new TraceFormatException(i + 1, $"the mark '{text}' is not a request on a served export");
            }

            byte[] buffer = io.Command is NbdCommand.Read or NbdCommand.Write ? new byte[io.Length] : [];
            if (io.Command == NbdCommand.Write && (payloads is null || !TryReadExactly(payloads, buffer)))
            {
                throw new TraceFormatException(i + 1, "the payload file ends before this write's payload (or was not given)");
            }

            run.Guard(r =>
            {
                r.AdvanceTo(e.TimeNanoseconds);
                r.TraceMark(text);
                DeviceRequest.Issue(r.NamedDevice(device), io, buffer, Discarded.Instance, r.NextBioId);
            });
        }

        return run.Finish(scenario.Name);
    }

    private static bool TryExecute(ScenarioRun run, StepSpec step)
    {
        try
        {
            run.Execute(step);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return false; // the session's channel refused it the same way, after its mark
        }
    }

    private static bool TryReadExactly(Stream stream, byte[] buffer)
    {
        try
        {
            stream.ReadExactly(buffer);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }

    private static int ServeMark(TraceLog trace)
    {
        for (int i = 0; i < trace.Events.Count; i++)
        {
            if (trace.Events[i].Kind == TraceEventKind.Mark && MarkText(trace.Events[i]) is { } text
                && (text == NbdRequestMark.ServePrefix || text.StartsWith(NbdRequestMark.ServePrefix + " ", StringComparison.Ordinal)))
            {
                return i;
            }
        }

        return -1;
    }

    private static Dictionary<string, string> ExportsOf(TraceEvent serve)
    {
        var exports = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in MarkText(serve)![NbdRequestMark.ServePrefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new TraceFormatException(serve.Step + 1, $"the serve mark's export '{pair}' is not NAME=DEVICE");
            }

            exports[pair[..equals]] = pair[(equals + 1)..];
        }

        return exports;
    }

    private static string? MarkText(TraceEvent e)
    {
        using var doc = JsonDocument.Parse(e.Line);
        return doc.RootElement.TryGetProperty("text", out JsonElement text) ? text.GetString() : null;
    }

    /// <summary>A replayed request's completion: the client is gone; the trace lines are what is compared.</summary>
    private sealed class Discarded : INbdCompletion
    {
        public static readonly Discarded Instance = new();

        public void Complete(int errno, string? message)
        {
        }
    }
}
