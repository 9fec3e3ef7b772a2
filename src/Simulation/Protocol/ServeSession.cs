using System.Text;
using System.Text.Json;
using DmIo.FaultInjection;
using System.Text.Json.Nodes;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Simulation.Protocol;

/// <summary>
/// The <c>serve</c> protocol (docs/PROTOCOL.md): one JSON request per line in, one JSON response per line out.
/// A session owns one deterministic run; devices and steps use exactly the scenario format's objects, so another
/// implementation can drive this one as a reference backend and compare outcomes field by field.
/// </summary>
public sealed class ServeSession : IDisposable
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip };

    private readonly Dictionary<string, DeviceSpec> _devices = new(StringComparer.Ordinal); // by name, for step checks
    private readonly ResourceLimits _limits;  // caps on devices, buffers, pools, steps and time
    private ResourceBudget _budget;           // what the session has asked for so far
    private ScenarioRun? _run;          // the live run, created by "start" or the first command needing one
    private StepReader? _steps;         // validates steps against the devices so far
    private ulong _seed;                // the run's seed
    private int _nextStep;              // the next step index
    private readonly IReadOnlyCollection<string>? _commands;              // the commands an attached session takes
    private readonly Func<string, Func<StepOutcome>, StepOutcome>? _runStep; // how an attached session runs a step

    /// <summary>Creates a session; it starts (seed 0) with the first command that needs a run.</summary>
    /// <param name="limits">The resource caps; <see cref="ResourceLimits.Default"/> when null.</param>
    public ServeSession(ResourceLimits? limits = null)
    {
        _limits = limits ?? ResourceLimits.Default;
        _limits.Validate();
        _budget = new ResourceBudget(_limits);
    }

    /// <summary>
    /// Creates a session attached to a run that is already going (the control channel of <c>dmio-sim nbd</c>): its
    /// devices are the run's, its steps are numbered on from <paramref name="firstStep"/>, it takes only the commands in
    /// <paramref name="commands"/> (never <c>start</c> or <c>finish</c>, which belong to the run's owner), and each step
    /// goes through <paramref name="runStep"/> with its JSON text, so the owner can take its lock and trace the step.
    /// Disposing the session leaves the run alone.
    /// </summary>
    /// <param name="run">The run.</param>
    /// <param name="devices">The run's devices.</param>
    /// <param name="firstStep">The index of the first step this session runs.</param>
    /// <param name="limits">The resource caps.</param>
    /// <param name="commands">The commands taken; any other is refused, naming these.</param>
    /// <param name="runStep">Runs a step: given its JSON and the call that executes it, returns its outcome.</param>
    public ServeSession(ScenarioRun run, IEnumerable<DeviceSpec> devices, int firstStep, ResourceLimits limits,
        IReadOnlyCollection<string> commands, Func<string, Func<StepOutcome>, StepOutcome> runStep)
        : this(limits)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(runStep);
        if (commands.Contains("start") || commands.Contains("finish"))
        {
            throw new ArgumentException("An attached session cannot start or finish the run it is attached to.", nameof(commands));
        }

        foreach (DeviceSpec device in devices)
        {
            _devices[device.Name] = device;
        }

        _run = run;
        _nextStep = firstStep;
        _commands = commands;
        _runStep = runStep;
        _steps = new StepReader(_devices, _budget);
    }

    /// <summary>Test seam: called with each command's name just before it is dispatched (tests throw from it).</summary>
    internal Action<string>? BeforeDispatch { get; set; }

    /// <summary>True after a <c>quit</c> request.</summary>
    public bool Finished { get; private set; }

    /// <summary>Handles one request line and returns the response line (without a newline).</summary>
    /// <param name="line">The request: a JSON object with <c>cmd</c> and an optional <c>id</c> echoed back.</param>
    /// <returns>
    /// The response: <c>{"id":...,"ok":true,...}</c> or <c>{"id":...,"ok":false,"error":{...}}</c>. No exception
    /// escapes: a refused request changes nothing, and an unexpected exception (a bug) is answered with
    /// <c>"internal":true</c> and the session goes on.
    /// </returns>
    public string Handle(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        JsonNode? id = null;
        ResourceBudget budget = _budget;
        var charged = budget.Save(); // put back when the request is refused
        bool hadRun = _run is not null; // a refused request must not leave an implicitly started run behind
        int nextStep = _nextStep;
        try
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(line);
            using JsonDocument doc = Parse(utf8);
            var positions = new JsonPositionIndex(utf8, ReaderOptions);
            var request = new JsonField(doc.RootElement, "$", positions);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("id", out JsonElement idElement))
            {
                request.Member("id").RequireValidStrings(); // an id that cannot be read cannot be echoed either
                id = JsonNode.Parse(idElement.GetRawText());
            }

            request.RequireValidStrings();

            string cmd = request.Required("cmd").String();
            if (_commands is not null && !_commands.Contains(cmd))
            {
                throw request.Member("cmd").Error($"'{cmd}' is not taken here; this channel takes {string.Join(", ", _commands)}");
            }

            BeforeDispatch?.Invoke(cmd);
            return Ok(id, w => Dispatch(cmd, request, w));
        }
        catch (ScenarioFormatException e)
        {
            Refused(budget, charged, hadRun, nextStep);
            return Fail(id, e.Problem, e.JsonPath, e.Line, e.Column);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            Refused(budget, charged, hadRun, nextStep);
            return Fail(id, ScenarioRun.FirstSentence(e.Message), null, 0, 0);
        }
#pragma warning disable CA1031 // the protocol's promise: no request ends the session
        catch (Exception e)
#pragma warning restore CA1031
        {
            Refused(budget, charged, hadRun, nextStep);
            return Fail(id, $"internal error: {e.GetType().Name}: {ScenarioRun.FirstSentence(e.Message)}", null, 0, 0, internalError: true);
        }
    }

    /// <summary>
    /// A digest of the session's state: the seed, the next step number, the declared devices and the live run's
    /// <see cref="ScenarioRun.StateDigest"/>. A refused request must leave it unchanged (the fuzzer checks that).
    /// </summary>
    /// <returns>A printable digest.</returns>
    public string StateDigest() =>
        $"seed {_seed} step {_nextStep} devices {string.Join(',', _devices.Keys.Order(StringComparer.Ordinal))} run {_run?.StateDigest() ?? "-"} finished {Finished}";

    /// <summary>Undoes what a refused request did before it was refused: its budget charges and an implicit start.</summary>
    private void Refused(ResourceBudget budget, (long, long, long, long) charged, bool hadRun, int nextStep)
    {
        if (!hadRun && _run is not null && _runStep is null)
        {
            Dispose();
            _devices.Clear();
            _nextStep = nextStep;
        }

        _budget = budget;
        _budget.Restore(charged);
    }

    /// <summary>The response to a request line longer than <see cref="ResourceLimits.MaxInputBytes"/>, which is not read.</summary>
    /// <param name="limits">The caps.</param>
    /// <returns>An error response with a null id (the line's id was not read).</returns>
    public static string LineTooLong(ResourceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return Fail(null, $"the request line is longer than {ResourceLimits.FormatBytes(limits.MaxInputBytes)} (--max-input-bytes); it was skipped", "$", 1, 1);
    }

    /// <summary>Ends the live run, if any.</summary>
    public void Dispose()
    {
        if (_runStep is null)
        {
            _run?.Dispose();
        }

        _run = null;
    }

    private void Dispatch(string cmd, JsonField request, Utf8JsonWriter w)
    {
        switch (cmd)
        {
            case "hello":
                request.AllowOnly("id", "cmd");
                w.WriteNumber("format", SimulationAssembly.FormatVersion);
                w.WriteString("implementation", "DmIo.Sim");
                break;
            case "start":
                request.AllowOnly("id", "cmd", "seed", "io_capacity");
                ulong seed = request.Optional("seed")?.Unsigned() ?? 0;
                int capacity = (int)(request.Optional("io_capacity")?.Integer(1, DmIoClient.MaxIoCapacity) ?? DmIoClient.IosPerPage);
                if (request.Optional("io_capacity") is { } capacityField)
                {
                    new ResourceBudget(_limits).Client(capacity, capacityField);
                }

                Reset(seed, capacity);
                w.WriteNumber("seed", _seed);
                break;
            case "create":
                request.AllowOnly("id", "cmd", "device");
                ScenarioRun run = Run(); // first: an implicit start replaces the budget
                DeviceSpec spec = DeviceReader.ReadOne(request.Required("device"), _devices.Keys, _budget);
                run.AddDevice(spec);
                _devices[spec.Name] = spec;
                w.WriteString("device", spec.Name);
                break;
            case "step":
                request.AllowOnly("id", "cmd", "step");
                WriteStep(request.Required("step"), w);
                break;
            case "result":
                request.AllowOnly("id", "cmd", "request");
                string requestId = request.Required("request").String();
                RequestOutcome outcome = Run().Request(requestId) ?? throw request.Member("request").Error($"no request with id '{requestId}'");
                w.WritePropertyName("outcome");
                outcome.Write(w);
                break;
            case "finish":
                request.AllowOnly("id", "cmd");
                RunResult result = Run().Finish("session");
                w.WritePropertyName("result");
                using (JsonDocument doc = JsonDocument.Parse(result.ToJson()))
                {
                    doc.RootElement.WriteTo(w);
                }

                Dispose();
                _devices.Clear();
                break;
            case "quit":
                request.AllowOnly("id", "cmd");
                Finished = true;
                break;
            default:
                // Shorthands: {"cmd":"submit",...} is {"cmd":"step","step":{"do":"io",...}}; likewise message, inject, advance, crash, mark, wait, check, pool, suspend, resume, reload, status.
                string kind = cmd switch
                {
                    "submit" => "io",
                    "inject" => "message",
                    "message" or "advance" or "crash" or "mark" or "wait" or "check" or "pool" or "suspend" or "resume" or "reload" or "status" => cmd,
                    _ => throw request.Member("cmd").Error($"unknown command '{cmd}'; see docs/PROTOCOL.md"),
                };
                WriteShorthand(request, kind, w);
                break;
        }
    }

    private void WriteShorthand(JsonField request, string kind, Utf8JsonWriter w)
    {
        var step = new JsonObject { ["do"] = kind };
        foreach (JsonProperty p in request.Element.EnumerateObject().Where(p => p.Name is not ("id" or "cmd")))
        {
            // "id" belongs to the protocol, so a shorthand names its request with "request".
            step[p.Name == "request" && kind is "io" or "wait" ? "id" : p.Name] = JsonNode.Parse(p.Value.GetRawText());
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(step.ToJsonString());
        using JsonDocument doc = Parse(utf8);
        WriteStep(new JsonField(doc.RootElement, "$", new JsonPositionIndex(utf8, ReaderOptions)), w);
    }

    private void WriteStep(JsonField stepField, Utf8JsonWriter w)
    {
        ScenarioRun run = Run();
        if (run.Stopped)
        {
            throw new InvalidOperationException("The run has stopped (a stall); send 'finish' or 'start'.");
        }

        StepSpec step = _steps!.Read(stepField, _nextStep);
        StepOutcome outcome = _runStep is null ? run.Execute(step) : _runStep(stepField.Element.GetRawText(), () => run.Execute(step));
        _nextStep++;
        w.WritePropertyName("outcome");
        outcome.Write(w);
        w.WriteNumber("now_ns", run.NowNanoseconds);
    }

    private ScenarioRun Run()
    {
        if (_run is null)
        {
            Reset(_seed, DmIoClient.IosPerPage);
        }

        return _run!;
    }

    /// <summary>Starts a fresh run: no devices, no requests, step numbering from 0.</summary>
    private void Reset(ulong seed, int ioCapacity)
    {
        Dispose();
        _devices.Clear();
        _nextStep = 0;
        _seed = seed;
        _run = new ScenarioRun(seed, ioCapacity, "session seed " + seed, new RunOptions { Limits = _limits });
        _budget = new ResourceBudget(_limits);
        _steps = new StepReader(_devices, _budget);
    }

    private static JsonDocument Parse(byte[] utf8)
    {
        try
        {
            return JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ScenarioFormatException("$", 1, (int)(e.BytePositionInLine ?? 0) + 1, "not valid JSON: " + JsonErrorText.Plain(e), e);
        }
    }

    private static string Ok(JsonNode? id, Action<Utf8JsonWriter> fields) => ResultJson.Build(w =>
    {
        w.WriteStartObject();
        WriteId(w, id);
        w.WriteBoolean("ok", true);
        fields(w);
        w.WriteEndObject();
    }, indented: false);

    private static string Fail(JsonNode? id, string message, string? path, int line, int column, bool internalError = false) => ResultJson.Build(w =>
    {
        w.WriteStartObject();
        WriteId(w, id);
        w.WriteBoolean("ok", false);
        if (internalError)
        {
            w.WriteBoolean("internal", true);
        }

        w.WriteStartObject("error");
        w.WriteString("message", message);
        ResultJson.WriteNullable(w, "path", path);
        if (path is not null)
        {
            w.WriteNumber("line", line);
            w.WriteNumber("column", column);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }, indented: false);

    private static void WriteId(Utf8JsonWriter w, JsonNode? id)
    {
        w.WritePropertyName("id");
        if (id is null)
        {
            w.WriteNullValue();
        }
        else
        {
            id.WriteTo(w);
        }
    }
}
