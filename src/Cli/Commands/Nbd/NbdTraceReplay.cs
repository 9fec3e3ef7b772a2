using DmIo.FaultInjection;
using DmIo.Nbd.Serving;
using DmIo.Simulation;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Cli.Commands.Nbd;

/// <summary><c>replay</c> of a trace written by <c>nbd --trace</c>: opens its payload file and runs <see cref="NbdReplay"/>.</summary>
internal static class NbdTraceReplay
{
    /// <summary>Replays the session, or writes one line and returns null when its inputs cannot be used.</summary>
    public static RunResult? Run(CliContext context, TraceLog log, Scenario scenario, string tracePath, string? payloadPath, ResourceLimits limits)
    {
        if (StandardStream.Is(tracePath) && payloadPath is null)
        {
            context.BadInput("the trace comes from standard input, so its payload file has no default name: give --payloads");
            return null;
        }

        string path = payloadPath ?? tracePath + ".data";
        FileStream? payloads = null;
        try
        {
            payloads = File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20) : null;
            if (payloads is null && payloadPath is not null)
            {
                context.BadInput($"--payloads {payloadPath}: no such file");
                return null;
            }

            return NbdReplay.Run(log, scenario, payloads, limits);
        }
        catch (TraceFormatException e)
        {
            context.BadInput($"{InputPath.Name(tracePath)}:{e.LineNumber}: {e.Problem}" + (payloads is null ? $" (no payload file at {path})" : string.Empty));
            return null;
        }
        catch (ScenarioFormatException e)
        {
            context.BadInput($"{InputPath.Name(tracePath)}: a control step: {e.JsonPath}: {e.Problem}");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.BadInput($"{path}: cannot be read: {CliContext.OneLine(e.Message)}");
            return null;
        }
        finally
        {
            payloads?.Dispose();
        }
    }
}
