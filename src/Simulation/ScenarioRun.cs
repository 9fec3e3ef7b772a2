using System.Buffers;
using DmIo.Clients.Mirror;
using DmIo.FaultInjection;
using DmIo.Simulation.Results;
using DmIo.Simulation.Running;
using DmIo.Simulation.Scenarios;
using DmIo.Simulation.Targets;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.Simulation;

/// <summary>
/// One deterministic run: a <see cref="SimulatedScheduler"/> seeded with the scenario's seed, one
/// <see cref="RecordingChoiceSource"/> for every random fault choice, one <see cref="FaultRecord"/>, one
/// <see cref="TraceRecorder"/> (unless <see cref="RunOptions.RecordTrace"/> is off), and the scenario's devices. Devices
/// can be added and steps executed one at a time (the serve protocol does that); <see cref="Run"/> does a whole scenario.
/// </summary>
public sealed class ScenarioRun : IDisposable
{
    /// <summary>The first trace line's prefix: the scenario, embedded so a trace can be replayed on its own.</summary>
    public const string ScenarioMarkPrefix = "scenario ";

    private readonly ulong _seed;                                                      // the run's seed
    private readonly SimulatedScheduler _scheduler;                                    // virtual time and events
    private readonly TraceRecorder? _trace;                                            // the trace; null when not recorded
    private readonly FaultRecord _record = new();                                      // every fault decision
    private readonly DeviceCatalog _catalog = new();                                   // raw devices by name
    private readonly DeviceTableParser _parser;                                        // builds table devices
    private readonly DeviceCatalog _references;                                        // what table lines resolve names to
    private readonly RunSequence _sequence = new();                                    // orders submissions, completions, marks
    private readonly BioSpanLog _spans;                                                // bios seen by named devices
    private readonly BioSpanLog? _backingSpans;                                        // bios tables send down (ObserveTableBackings)
    private readonly List<RunMark> _marks = [];                                        // mark steps, in order
    private readonly Dictionary<string, ObservedDevice> _named = new(StringComparer.Ordinal); // what regions use
    private readonly List<DeviceSpec> _devices = [];                                   // in build order
    private readonly List<(string Table, VolatileWriteCacheDevice Cache)> _caches = []; // for crash steps
    private readonly Dictionary<RuleFaultDevice, List<FaultRule>> _suspended = [];     // rules parked by "suspend"
    private readonly Dictionary<string, RequestTracker> _requests = new(StringComparer.Ordinal); // by request id
    private readonly List<StepOutcome> _outcomes = [];                                 // in execution order
    private readonly FileBackends _files;                                              // file devices, their images and folder
    private readonly List<MemoryDevice> _memories = [];                                // memory backends, whose chunks Dispose recycles
    private readonly DmIoClient _client;                                               // the request API's client
    private readonly DmIoLegacy _legacy;                                               // the legacy API
    private readonly ResourceLimits _limits;                                           // the virtual time cap
    private readonly bool _recordDigests;                                              // digests in the result (RunOptions.RecordDigests)
    private string? _error;                                                            // what stopped the run
    private TraceDivergenceException? _divergence;                                     // replay divergence

    /// <summary>Creates an empty run (no devices yet).</summary>
    /// <param name="seed">Seeds the scheduler, the choice source and default payloads.</param>
    /// <param name="ioCapacity">The client's io pool size.</param>
    /// <param name="mark">The first trace line's text (the embedded scenario, or a session name).</param>
    /// <param name="options">Replay, payload capture and file placement.</param>
    public ScenarioRun(ulong seed, int ioCapacity, string mark, RunOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ioCapacity, 1);
        ArgumentNullException.ThrowIfNull(mark);
        options ??= new RunOptions();
        options.Limits.Validate();
        _limits = options.Limits;
        _recordDigests = options.RecordDigests;
        _seed = seed;
        _scheduler = new SimulatedScheduler(seed);
        if (options.Replay is not null && !options.RecordTrace)
        {
            throw new ArgumentException("A replay checks every trace line as it is written, so it needs RecordTrace.", nameof(options));
        }

        if (options.TraceSink is not null && (options.Replay is not null || !options.RecordTrace))
        {
            throw new ArgumentException("A trace sink streams a recorded trace: it needs RecordTrace and cannot check a replay.", nameof(options));
        }

        _trace = !options.RecordTrace ? null
            : options.TraceSink is { } sink ? new TraceRecorder(_scheduler, sink)
            : new TraceRecorder(_scheduler, options.Replay is { } replay ? WithFirstLine(replay, mark) : null);
        _trace?.Attach(_record);
        IChoiceSource inner = options.Replay is { } log ? new ReplayChoiceSource(log) : new RandomChoiceSource(new DeterministicRandom(seed));
        var choices = new RecordingChoiceSource(inner, _trace);
        TargetRegistry registry = FaultTargets.CreateRegistry(_record, choices);
        ScenarioTargets.Register(registry, _record, choices, (table, cache) => _caches.Add((table, cache)));
        MirrorTargets.Register(registry);
        _spans = new BioSpanLog(_scheduler, options.CapturePayloads, _sequence);
        _backingSpans = options.ObserveTableBackings ? new BioSpanLog(_scheduler, options.CapturePayloads, _sequence) : null;
        _references = options.ObserveTableBackings ? new DeviceCatalog() : _catalog;
        _parser = new DeviceTableParser(_references, registry, _scheduler, new DeterministicRandom(seed));
        _client = DmIoClient.CreateWithIoCapacity(ioCapacity, _scheduler);
        _legacy = new DmIoLegacy(_scheduler);
        _files = new FileBackends(options.FileDirectory);
        _trace?.Mark(mark);
    }

    /// <summary>True once a stall or a replay divergence stopped the run; later steps are not executed.</summary>
    public bool Stopped => _error is not null;

    /// <summary>The virtual clock.</summary>
    public long NowNanoseconds => _scheduler.NowNanoseconds;

    /// <summary>
    /// Runs every event due up to the absolute virtual time <paramref name="nanoseconds"/> and sets the clock there (a
    /// time already passed only runs what is due now). <c>dmio-sim nbd</c> paces the run by the wall clock with it.
    /// </summary>
    /// <param name="nanoseconds">The virtual time to reach.</param>
    public void AdvanceTo(long nanoseconds) => _scheduler.AdvanceTo(nanoseconds);

    /// <summary>The virtual time of the earliest pending event.</summary>
    /// <param name="nanoseconds">Its time, or 0 when none is pending.</param>
    /// <returns>False when nothing is pending.</returns>
    public bool TryPeekNextEvent(out long nanoseconds) => _scheduler.TryPeekNextEvent(out nanoseconds);

    /// <summary>
    /// The named device as requests see it: a bio submitted to it through <see cref="BlockLayer.Submit"/> is traced
    /// (when the run records a trace) and goes through the device's block layer and every target below, as a dm-io
    /// request's bios do. Its capacity and queue limits are the device's.
    /// </summary>
    /// <param name="name">A device name.</param>
    /// <returns>The device.</returns>
    /// <exception cref="KeyNotFoundException">There is no such device.</exception>
    public IBlockDevice NamedDevice(string name) => _named.TryGetValue(name, out ObservedDevice? device)
        ? device
        : throw new KeyNotFoundException($"unknown device '{name}' (declared: {string.Join(", ", DeviceNames)})");

    /// <summary>
    /// Does <paramref name="action"/> to the run unless it has stopped; a replay divergence or a stall inside it stops
    /// the run (see <see cref="Stopped"/>) as it would inside a step. For callers that drive the run by hand, between
    /// steps: a served session's requests, and their replay.
    /// </summary>
    /// <param name="action">What to do.</param>
    /// <returns>False when the run had stopped or stopped now.</returns>
    public bool Guard(Action<ScenarioRun> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Stopped)
        {
            return false;
        }

        try
        {
            action(this);
        }
        catch (Exception e) when (e is TraceDivergenceException or SimulationStalledException)
        {
            Stop(e);
        }

        return !Stopped;
    }

    /// <summary>
    /// From now on, bios are traced but no longer kept for the result's <c>bios</c>, so a long run (an NBD server's)
    /// does not grow with every bio. Request steps after this count no bios in their outcomes.
    /// </summary>
    public void StopKeepingBios() => _spans.Keep = false;

    /// <summary>Takes the next id of the run's bio sequence, for bios issued beside the engine's (an NBD server's).</summary>
    /// <returns>The id.</returns>
    public long NextBioId() => _client.NextBioId();

    /// <summary>True when the run records a trace (so a caller need not build mark texts nobody keeps).</summary>
    public bool RecordsTrace => _trace is not null;

    /// <summary>Writes a mark line to the trace at the current virtual time (nothing when the trace is not recorded).</summary>
    /// <param name="text">The mark's text.</param>
    public void TraceMark(string text) => _trace?.Mark(text);

    /// <summary>The names of the devices so far.</summary>
    public IEnumerable<string> DeviceNames => _devices.Select(d => d.Name);

    /// <summary>Every bio seen so far.</summary>
    public IReadOnlyList<BioSpan> Bios => _spans.Spans;

    /// <summary>
    /// Every bio a table device sent to a device it is built on, named after that device (empty unless
    /// <see cref="RunOptions.ObserveTableBackings"/>).
    /// </summary>
    public IReadOnlyList<BioSpan> BackingBios => _backingSpans?.Spans ?? [];

    /// <summary>The mark steps so far, in order.</summary>
    public IReadOnlyList<RunMark> Marks => _marks;

    /// <summary>The logical block size of a device (what dm-log-writes uses as its log's sector size).</summary>
    /// <param name="device">A device name.</param>
    /// <returns>The size in bytes.</returns>
    public int LogicalBlockSize(string device) => _catalog.Get(device).Limits.LogicalBlockSize;

    /// <summary>Every fault decision so far.</summary>
    public IReadOnlyList<FaultDecision> Faults => _record.Snapshot();

    /// <summary>Builds a run for <paramref name="scenario"/> with all its devices; no step has run yet.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="options">Run options.</param>
    /// <returns>The run.</returns>
    /// <exception cref="ScenarioFormatException">A table line or backend is invalid; names the JSON path.</exception>
    public static ScenarioRun Start(Scenario scenario, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        // The mark embeds the whole scenario; a run without a trace never writes it, so a sweep seed does not build it.
        string mark = options is { RecordTrace: false } ? string.Empty : ScenarioMarkPrefix + scenario.CanonicalJson;
        var run = new ScenarioRun(scenario.Seed, scenario.IoCapacity, mark, options);
        try
        {
            foreach (DeviceSpec device in scenario.Devices)
            {
                run.AddDevice(device);
            }

            return run;
        }
        catch
        {
            run.Dispose();
            run._files.DeleteCreated(); // a run that never started leaves no device file, even in a caller's directory
            throw;
        }
    }

    /// <summary>Runs a whole scenario and returns its result.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="options">Run options.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ScenarioFormatException">A table line or backend is invalid; nothing ran.</exception>
    public static RunResult Run(Scenario scenario, RunOptions? options = null)
    {
        using ScenarioRun run = Start(scenario, options);
        foreach (StepSpec step in scenario.Steps)
        {
            if (run.Stopped)
            {
                break;
            }

            run.Execute(step);
        }

        return run.Finish(scenario.Name);
    }

    /// <summary>Builds a device and gives it its name.</summary>
    /// <param name="spec">The device (its dependencies must exist already).</param>
    /// <exception cref="ScenarioFormatException">The device cannot be built; names where it was declared.</exception>
    public void AddDevice(DeviceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (_named.ContainsKey(spec.Name))
        {
            throw spec.Position.Error($"a device named '{spec.Name}' already exists");
        }

        int caches = _caches.Count;
        IBlockDevice device;
        try
        {
            device = Build(spec);
        }
        catch
        {
            _caches.RemoveRange(caches, _caches.Count - caches); // a table whose later line fails leaves no volatile_cache behind
            throw;
        }

        _catalog.Add(device);
        if (_backingSpans is not null)
        {
            _references.Add(new ObservedDevice(spec.Name, device, null, _backingSpans)); // tables above see it through this
        }

        _named[spec.Name] = new ObservedDevice(spec.Name, device, _trace, _spans);
        _devices.Add(spec);
    }

    /// <summary>Executes one step. A stall or replay divergence stops the run (see <see cref="Stopped"/>).</summary>
    /// <param name="step">The step; its device names and request ids must exist.</param>
    /// <returns>The step's outcome (a request step's may be completed later, when it is notified).</returns>
    public StepOutcome Execute(StepSpec step)
    {
        ArgumentNullException.ThrowIfNull(step);
        StepOutcome outcome;
        try
        {
            outcome = step switch
            {
                IoStep io => Submit(io),
                MessageStep m => StepActions.Message(m, _catalog, _suspended),
                AdvanceStep a => Advance(a),
                CrashStep c => StepActions.Crash(c, _caches),
                StatusStep t => StepActions.Status(t, _catalog),
                SuspendStep s => SuspendActions.Suspend(s, (TableDevice)_catalog.Get(s.Device), _scheduler, _trace),
                ResumeStep r => SuspendActions.Resume(r, (TableDevice)_catalog.Get(r.Device), _trace),
                ReloadStep r => ReloadActions.Reload(r, (TableDevice)_catalog.Get(r.Device), () => LoadTable(r), ForgetTargets, _scheduler, _trace),
                WaitStep w => Wait(w),
                CheckStep c => StepActions.Check(c, _catalog.Get(c.Device), PayloadOf),
                PoolStep p => StepActions.Pool(p, _legacy),
                MarkStep m => Mark(m),
                _ => throw new ArgumentException($"Unknown step type {step.GetType().Name}.", nameof(step)),
            };
        }
        catch (Exception e) when (e is TraceDivergenceException or SimulationStalledException)
        {
            Stop(e);
            outcome = new SimpleOutcome(step.Index, step.Kind).Add("stopped", FirstSentence(e.Message));
        }

        if (!Stopped && _scheduler.NowNanoseconds > _limits.MaxVirtualNanoseconds)
        {
            // Delays of fault targets are not known at load; stop here rather than let the clock run towards overflow.
            _error = $"the virtual clock reached {_scheduler.NowNanoseconds} ns, past the limit of {_limits.MaxVirtualNanoseconds} ns (--max-virtual-time)";
        }

        _outcomes.Add(outcome);
        return outcome;
    }

    /// <summary>The outcome of the request with id <paramref name="id"/>, completed if it has been notified.</summary>
    /// <param name="id">The request id.</param>
    /// <returns>The outcome, or null when there is no such request.</returns>
    public RequestOutcome? Request(string id)
    {
        if (!_requests.TryGetValue(id, out RequestTracker? tracker))
        {
            return null;
        }

        if (!tracker.Step.Async || tracker.Notified)
        {
            tracker.Finalize(_spans.OfStep(tracker.Step.Index));
        }

        return tracker.Outcome;
    }

    /// <summary>
    /// A digest of everything a step can change, read without running anything: the virtual clock, the device names
    /// and their media digests, every table's table and status text (dust bad blocks, flakey state, rules), the
    /// requests, step outcomes, fault decisions and trace lines so far, the volatile caches, the suspended rules and
    /// both pools. Two runs with equal digests answer every later step alike; a rejected input must leave it unchanged.
    /// </summary>
    /// <returns>A printable digest (FNV-1a 64 of the state's text).</returns>
    public string StateDigest()
    {
        var text = new System.Text.StringBuilder();
        text.Append("now ").Append(_scheduler.NowNanoseconds).Append(" pending ").Append(_scheduler.PendingEvents).Append(" run ").Append(_scheduler.EventsRun).Append('\n');
        foreach (DeviceSpec spec in _devices)
        {
            IBlockDevice device = _catalog.Get(spec.Name);
            text.Append("device ").Append(spec.Name).Append(' ').Append(DeviceDigests.Outcome(spec, device).Digest ?? "-");
            if (device is TableDevice table)
            {
                text.Append(" table ").Append(table.Table).Append(" status ").Append(table.Status);
                text.Append(" suspended ").Append(table.IsSuspended).Append(" held ").Append(table.HeldBioCount);
            }

            text.Append('\n');
        }

        text.Append("requests ").AppendJoin(',', _requests.Keys.Order(StringComparer.Ordinal)).Append('\n');
        text.Append("steps ").Append(_outcomes.Count).Append(" faults ").Append(_record.Count).Append(" trace ").Append(_trace?.LineCount ?? 0).Append('\n');
        text.Append("caches ").AppendJoin(',', _caches.Select(c => c.Table)).Append(" suspended ").Append(_suspended.Count).Append('\n');
        text.Append("pools ").Append(_client.IoCapacity).Append(' ').Append(_legacy.IoCapacity).Append(" stopped ").Append(_error ?? "-");
        var fnv = new Fnv64();
        fnv.Add(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        return fnv.ToString();
    }

    /// <summary>Runs every pending event, completes every request's outcome, and builds the result.</summary>
    /// <param name="name">The scenario's name for the result.</param>
    /// <returns>The result.</returns>
    public RunResult Finish(string name)
    {
        if (!Stopped)
        {
            try
            {
                _scheduler.RunUntilIdle();
                _trace?.Finish();
            }
            catch (Exception e) when (e is TraceDivergenceException or SimulationStalledException)
            {
                Stop(e);
            }
        }

        foreach (RequestTracker tracker in _requests.Values)
        {
            tracker.Finalize(_spans.OfStep(tracker.Step.Index));
            // An async request refused at submission (6.12 dm_io(): a multi-region read returns -EIO) is never notified.
            bool refusedAtSubmit = tracker.Outcome.ReturnCode is < 0 && tracker.Step.Api != IoApi.Legacy;
            if (tracker.Step.Async && !tracker.Notified && !Stopped && tracker.Outcome.Rejected is null && !refusedAtSubmit)
            {
                tracker.Outcome.Fail("the async request was never notified");
            }
        }

        return new RunResult
        {
            Scenario = name,
            Seed = _seed,
            Steps = [.. _outcomes],
            Faults = _record.Snapshot(),
            Bios = [.. _spans.Spans],
            Devices = [.. _devices.Select(d => DeviceDigests.Outcome(d, _catalog.Get(d.Name), _recordDigests))],
            Error = _error,
            EndNanoseconds = _scheduler.NowNanoseconds,
            Trace = _trace?.ToText() ?? string.Empty,
            DivergenceStep = _divergence?.Step,
            DivergenceExpected = _divergence?.Expected,
            DivergenceActual = _divergence?.Actual,
        };
    }

    /// <summary>
    /// Where file backends' images are: <see cref="RunOptions.FileDirectory"/> when given; otherwise a temporary
    /// directory made with the first file backend (null until then, so a run without one touches no file system).
    /// </summary>
    public string? FileDirectory => _files.Directory;

    /// <summary>
    /// Closes file backends and deletes their temporary directory, and hands memory backends' chunks and request
    /// buffers' pages back for reuse: nothing of the run may be read afterwards (its result is already built).
    /// </summary>
    public void Dispose()
    {
        foreach (RequestTracker tracker in _requests.Values)
        {
            tracker.Release();
        }

        _requests.Clear();
        foreach (MemoryDevice memory in _memories)
        {
            memory.Dispose();
        }

        _memories.Clear();
        _files.Dispose();
    }

    private IBlockDevice Build(DeviceSpec spec)
    {
        try
        {
            return spec.Kind switch
            {
                DeviceKind.Memory => Own(new MemoryDevice(spec.Name, spec.Sectors, spec.Limits, spec.Completion, _scheduler, spec.Queue)),
                DeviceKind.Sparse => new SparseMemoryDevice(spec.Name, spec.Sectors, spec.Limits, spec.Completion, _scheduler, queueKind: spec.Queue),
                DeviceKind.File => _files.Create(spec, _scheduler),
                DeviceKind.Zero => new ZeroDevice(spec.Name, spec.Sectors, spec.Limits, spec.Completion, _scheduler),
                _ => _parser.Parse(spec.Name, string.Join('\n', spec.Table)),
            };
        }
        catch (TableSyntaxException e)
        {
            SourcePosition where = spec.TablePositions is { } p && e.LineNumber - 1 < p.Count ? p[e.LineNumber - 1] : spec.Position;
            throw where.Error($"table line '{e.Line}': field '{e.Field}': {e.Problem}", e);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or IOException)
        {
            throw spec.Position.Error($"device '{spec.Name}' cannot be built: {FirstSentence(e.Message)}", e);
        }
    }

    // Builds the table a reload step names, as its device was built; a refused line leaves no volatile_cache registered.
    private TableDevice LoadTable(ReloadStep step)
    {
        var spec = new DeviceSpec(step.Device, step.Path, DeviceKind.Table, 0, null, DeviceCompletionMode.Inline, step.Table, [], default, step.TablePositions);
        int caches = _caches.Count;
        try
        {
            return (TableDevice)Build(spec);
        }
        catch
        {
            _caches.RemoveRange(caches, _caches.Count - caches);
            throw;
        }
    }

    // A reload destroyed these targets: a crash step must no longer find their write caches.
    private void ForgetTargets(IReadOnlyList<TableSegment> old)
    {
        var gone = new HashSet<IBlockDevice>(old.Select(s => s.Target), ReferenceEqualityComparer.Instance);
        _caches.RemoveAll(c => gone.Contains(c.Cache));
    }

    private SimpleOutcome Mark(MarkStep step)
    {
        _marks.Add(new RunMark(step.Name, _sequence.Next()));
        return new SimpleOutcome(step.Index, step.Kind).Add("name", step.Name);
    }

    internal static string FirstSentence(string message) => message.Split(" (Parameter", 2)[0].Split('\n', 2)[0].Trim();

    private RequestOutcome Submit(IoStep step)
    {
        long length = step.BufferBytes;
        DataSpec? written = step.Operation == BioOperation.Write
            ? step.Payload ?? new DataSpec(DataKind.Pattern, PatternSeed: DataBytes.DefaultPatternSeed(_seed, step.Index))
            : null;
        RequestBuffer buffer = BufferFor(step, written ?? step.Payload, length, out byte[]? payload);
        var tracker = new RequestTracker(step, buffer, written is null ? null : payload, _scheduler, PayloadOf, _recordDigests);
        _requests[step.Id] = tracker;
        RequestOutcome outcome = tracker.Outcome;
        IoRegion[] regions = [.. step.Regions.Select(r => new IoRegion(_named[r.Device], r.Sector, r.Count))];
        outcome.SubmittedNanoseconds = _scheduler.NowNanoseconds;
        _spans.CurrentStep = step.Index;
        try
        {
            if (step.Api == IoApi.Legacy)
            {
                outcome.ReturnCode = LegacyCalls.Submit(_legacy, step, tracker, regions, out ulong? bits);
                outcome.ErrorBits = step.Async ? outcome.ErrorBits : bits;
            }
            else if (step.Async)
            {
                var request = new DmIoRequest
                {
                    Client = _client, Operation = step.Operation, Flags = step.Flags, Memory = tracker.Buffer.Memory, Notify = tracker.Notify,
                };
                outcome.ReturnCode = DmIoEngine.Execute(request, regions, step.Priority);
            }
            else
            {
                var request = new DmIoRequest { Client = _client, Operation = step.Operation, Flags = step.Flags, Memory = tracker.Buffer.Memory };
                ulong bits = LegacyCalls.Unwritten;
                outcome.ReturnCode = DmIoEngine.Execute(request, regions, ref bits, step.Priority);
                outcome.ErrorBits = bits == LegacyCalls.Unwritten ? null : bits;
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException && e is not SimulationStalledException)
        {
            // A stall is not the engine refusing the request: it stops the run (Execute), naming what never completed.
            outcome.Rejected = $"{e.GetType().Name}: {FirstSentence(e.Message)}";
        }
        finally
        {
            _spans.CurrentStep = -1;
            tracker.Returned();
            outcome.ReturnedNanoseconds = _scheduler.NowNanoseconds;
        }

        if (!step.Async || tracker.Notified || outcome.Rejected is not null)
        {
            tracker.Finalize(_spans.OfStep(tracker.Step.Index));
        }

        return outcome;
    }

    private SimpleOutcome Advance(AdvanceStep step)
    {
        _scheduler.AdvanceBy(step.Nanoseconds);
        return new SimpleOutcome(step.Index, step.Kind).Add("by_ns", step.Nanoseconds).Add("now_ns", _scheduler.NowNanoseconds);
    }

    private SimpleOutcome Wait(WaitStep step)
    {
        var outcome = new SimpleOutcome(step.Index, step.Kind).Add("id", step.Id);
        if (step.Id is null)
        {
            _scheduler.RunUntilIdle();
        }
        else
        {
            RequestTracker tracker = _requests[step.Id];
            while (!tracker.Notified && _scheduler.RunNext())
            {
            }

            if (!tracker.Notified)
            {
                outcome.Fail($"request '{step.Id}' was never notified: no events were left to run");
            }
            else
            {
                tracker.Finalize(_spans.OfStep(tracker.Step.Index));
            }
        }

        return outcome.Add("now_ns", _scheduler.NowNanoseconds);
    }

    // The request's buffer, filled with its initial bytes (a write's payload, a read's fill) from an array rented
    // from ArrayPool: a fresh payload per request was a tenth of what a sweep seed allocated. A write keeps the
    // array as its payload (same_as reads it; Dispose returns it), a read's fill gives it back at once.
    private RequestBuffer BufferFor(IoStep step, DataSpec? initial, long length, out byte[]? rented)
    {
        rented = null;
        if (initial is null)
        {
            return RequestBuffer.Create(step.Memory, length, []);
        }

        byte[] array = ArrayPool<byte>.Shared.Rent((int)length);
        Span<byte> bytes = array.AsSpan(0, (int)length);
        bool keep = false;
        try
        {
            bool haveBytes = DataBytes.Write(initial, bytes, PayloadOf); // false for a digest, which has no bytes
            RequestBuffer buffer = RequestBuffer.Create(step.Memory, length, haveBytes ? bytes : []);
            keep = haveBytes && step.Operation == BioOperation.Write;
            rented = keep ? array : null;
            return buffer;
        }
        finally
        {
            if (!keep)
            {
                ArrayPool<byte>.Shared.Return(array);
            }
        }
    }

    private ReadOnlyMemory<byte> PayloadOf(string id) =>
        _requests.TryGetValue(id, out RequestTracker? t) && t.HasPayload ? t.Payload : throw new InvalidOperationException($"Request '{id}' wrote no payload.");

    private MemoryDevice Own(MemoryDevice device)
    {
        _memories.Add(device);
        return device;
    }

    private void Stop(Exception e)
    {
        _error ??= e is TraceDivergenceException d ? $"trace diverged at step {d.Step}: expected {d.Expected} but got {d.Actual}" : FirstSentence(e.Message);
        _divergence ??= e as TraceDivergenceException;
    }

    /// <summary>The reference trace with its first line replaced by this run's, so the embedded scenario text is not compared.</summary>
    private static TraceLog WithFirstLine(TraceLog replay, string mark)
    {
        var probe = new TraceRecorder(new SimulatedScheduler(0));
        probe.Mark(mark);
        var lines = replay.Events.Select(e => e.Line).ToList();
        if (lines.Count > 0 && replay.Events[0].Kind == TraceEventKind.Mark)
        {
            lines[0] = probe.Lines[0];
        }

        return TraceLog.Parse(string.Concat(lines.Select(l => l + "\n")));
    }
}
