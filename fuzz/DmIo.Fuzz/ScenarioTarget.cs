using DmIo.Cli;
using DmIo.Simulation.Scenarios;

namespace DmIo.Fuzz;

/// <summary>
/// (a) Scenario files: the bytes are a scenario file, loaded with <see cref="ScenarioLoader"/> and then run through
/// <c>dmio-sim run &lt;file&gt;</c> in-process (which loads it again, builds its devices and runs every step).
/// Invariants: the loader throws nothing but a <see cref="ScenarioFormatException"/> that locates the problem; the
/// CLI throws nothing, exits 0, 1 or 2, exits 2 when the loader refused the file, says why in exactly one stderr
/// line when it exits 2, and never prints a stack trace.
/// </summary>
public sealed class ScenarioTarget : IFuzzTarget
{
    // One file per process, rewritten for each input: afl-fuzz runs millions of inputs and /tmp should not fill up.
    private static readonly Lazy<string> ScenarioFile = new(() =>
    {
        string folder = Directory.CreateTempSubdirectory("dmio-fuzz-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return Path.Combine(folder, "scenario.json");
    });

    /// <inheritdoc />
    public string Name => "scenario";

    /// <inheritdoc />
    public FuzzOutcome Run(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        byte[] bytes = input.Length > Budget.MaxInputBytes ? input[..Budget.MaxInputBytes] : input;
        Scenario? scenario = Load(bytes);
        if (scenario is not null && Measure(scenario) is { } over)
        {
            return FuzzOutcome.Skip(over);
        }

        File.WriteAllBytes(ScenarioFile.Value, bytes);
        var output = new StringWriter();
        var error = new StringWriter();
        int exit;
        try
        {
            exit = DmIoSimCli.Run(["run", ScenarioFile.Value], new CliContext(output, error, interactive: false));
        }
        catch (Exception e)
        {
            throw InvariantViolation.Undocumented("cli-returns-exit-code", e);
        }

        string stdout = output.ToString();
        string stderr = error.ToString();
        if (StackTraces.FirstIn(stdout + "\n" + stderr) is { } frame)
        {
            throw new InvariantViolation("cli-no-stack-trace", $"exit {exit}, printed '{frame}'; stderr: {Head(stderr)}");
        }

        if (exit is not (ExitCodes.Success or ExitCodes.Failed or ExitCodes.BadInput))
        {
            throw new InvariantViolation("cli-exit-code", $"exit {exit}; stderr: {Head(stderr)}");
        }

        if (scenario is null && exit != ExitCodes.BadInput)
        {
            throw new InvariantViolation("cli-exit-2-on-bad-file", $"the loader refused the file but the CLI exited {exit}");
        }

        if (exit == ExitCodes.BadInput)
        {
            string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length != 1 || !lines[0].StartsWith("error: ", StringComparison.Ordinal))
            {
                throw new InvariantViolation("cli-exit-2-one-line", $"exit 2 with {lines.Length} stderr lines: {Head(stderr)}");
            }

            return new FuzzOutcome(0, 1);
        }

        return new FuzzOutcome(1, 0);
    }

    private static Scenario? Load(byte[] bytes)
    {
        try
        {
            return ScenarioLoader.Parse(bytes);
        }
        catch (ScenarioFormatException e) when (e.JsonPath.StartsWith('$') && e.Line >= 1 && e.Column >= 1)
        {
            return null;
        }
        catch (ScenarioFormatException e)
        {
            throw new InvariantViolation("loader-locates-problem", $"path '{e.JsonPath}' line {e.Line} column {e.Column}: {e.Problem}", e);
        }
        catch (Exception e)
        {
            throw InvariantViolation.Undocumented("loader-throws-only-ScenarioFormatException", e);
        }
    }

    // The harness's resource budget for a loaded scenario, or null when it fits.
    private static string? Measure(Scenario scenario)
    {
        var meter = new Budget.Meter();
        meter.Ios(scenario.IoCapacity);
        foreach (DeviceSpec device in scenario.Devices.Where(d => d.Kind != DeviceKind.Table))
        {
            meter.Device(device.Kind == DeviceKind.Memory, device.Sectors);
        }

        foreach (StepSpec step in scenario.Steps)
        {
            switch (step)
            {
                case IoStep { Operation: BioOperation.Read or BioOperation.Write } io:
                    meter.DataRequest(io.Regions.Select(r => (r.Count, 1L)));
                    break;
                case CheckStep check:
                    meter.Read(check.Count);
                    break;
                case PoolStep pool:
                    meter.Ios(4L * pool.Get);
                    break;
            }
        }

        return meter.Exceeded;
    }

    private static string Head(string text) => text.Length <= 300 ? text.Trim() : text[..300].Trim() + "...";
}
