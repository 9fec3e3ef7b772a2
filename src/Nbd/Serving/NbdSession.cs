using DmIo.Nbd.Exports;
using DmIo.Simulation;
using DmIo.Simulation.Protocol;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Nbd.Serving;

/// <summary>
/// A scenario being served: its run (paced by the wall clock), its exports for an NBD server, and a control channel
/// that takes <c>serve</c>-protocol lines (device messages, crashes, marks, checks) while requests are served. Every
/// request and control step is traced as a mark before it acts, so <see cref="NbdReplay"/> can run the session again.
/// </summary>
public sealed class NbdSession : INbdExportCatalog, IDisposable
{
    private readonly ScenarioRun _run;              // the run
    private readonly PacedRun _paced;               // its lock and clock
    private readonly List<string> _eventErrors = []; // events that threw on the pacer
    private readonly string _name;                   // the scenario's name, for the result
    private bool _finished;                          // Finish ran

    private NbdSession(ScenarioRun run, Scenario scenario, IReadOnlyList<NbdExportSpec> exports, NbdSessionOptions options)
    {
        _run = run;
        _name = scenario.Name;
        _paced = new PacedRun(run, e =>
        {
            lock (_eventErrors)
            {
                _eventErrors.Add($"{e.GetType().Name}: {e.Message.Split('\n', 2)[0]}");
            }
        });
        Exports = [.. exports.Select(e => new ScenarioExport(e.Export, run.NamedDevice(e.Device), _paced, options.MaxPayloadBytes, options.Payloads))];
        Control = new ServeSession(run, scenario.Devices, scenario.Steps.Count, options.Limits, NbdRunSetup.ControlCommands, RunStep);
    }

    /// <inheritdoc />
    public IReadOnlyList<INbdExport> Exports { get; }

    /// <inheritdoc />
    public INbdExport? Default => Exports[0];

    /// <summary>The control channel: hand it one <c>serve</c>-protocol line at a time; it answers each.</summary>
    public ServeSession Control { get; }

    /// <summary>Events that threw while the pacer ran them (each a bug below; the session went on).</summary>
    public IReadOnlyList<string> EventErrors
    {
        get
        {
            lock (_eventErrors)
            {
                return [.. _eventErrors];
            }
        }
    }

    /// <summary>Builds the scenario's devices, runs its steps, and starts serving.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="exports">The exports; checked against the scenario's devices.</param>
    /// <param name="options">Trace and limits.</param>
    /// <returns>The session.</returns>
    /// <exception cref="FormatException">An export is invalid; the message names it.</exception>
    /// <exception cref="ScenarioFormatException">A device cannot be built.</exception>
    /// <exception cref="InvalidOperationException">The scenario's steps stopped the run.</exception>
    public static NbdSession Start(Scenario scenario, IReadOnlyList<NbdExportSpec> exports, NbdSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(exports);
        ArgumentNullException.ThrowIfNull(options);
        NbdExportSpec.Check(exports, [.. scenario.Devices.Select(d => d.Name)]);
        if ((options.Trace is null) != (options.Payloads is null))
        {
            throw new ArgumentException("A trace and its payload stream go together.", nameof(options));
        }

        var runOptions = new RunOptions
        {
            RecordTrace = options.Trace is not null,
            TraceSink = options.Trace,
            Limits = options.Limits with { MaxVirtualNanoseconds = long.MaxValue },
        };
        ScenarioRun run = NbdRunSetup.Start(scenario, exports, runOptions, stopIsError: true);
        return new NbdSession(run, scenario, exports, options);
    }

    /// <summary>
    /// Stops pacing and finishes the run: pending events run at once, the trace's last lines are written, and the
    /// result is built. Call it after the server has stopped (so no request is still arriving).
    /// </summary>
    /// <returns>The result: the control steps' outcomes, every fault decision and the devices' digests (no bios).</returns>
    public RunResult Finish()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        _paced.Dispose();
        return _run.Finish(_name);
    }

    /// <summary>Stops pacing and releases the run's devices.</summary>
    public void Dispose()
    {
        _paced.Dispose();
        Control.Dispose();
        _run.Dispose();
    }

    private StepOutcome RunStep(string json, Func<StepOutcome> execute)
    {
        string? kind = NbdRunSetup.StepKind(json);
        if (kind is not null && NbdRunSetup.RefusedStepKinds.Contains(kind))
        {
            throw new InvalidOperationException($"a '{kind}' step moves or waits on the virtual clock, which follows the wall clock while serving");
        }

        return _paced.Do(run =>
        {
            run.TraceMark(NbdRequestMark.StepPrefix + json);
            return execute();
        });
    }
}
