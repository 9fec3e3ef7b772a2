using DmIo.Nbd.Exports;
using DmIo.Nbd.Serving;
using DmIo.Nbd.Tests.Support;
using DmIo.Simulation.Scenarios;

namespace DmIo.Nbd.Tests.Serving;

/// <summary>A scenario served in-process (no sockets): exports by name, requests awaited with a deadline, control lines.</summary>
internal sealed class ServedScenario : IDisposable
{
    private readonly NbdSession _session;

    private ServedScenario(Scenario scenario, NbdSession session, StringWriter? trace, MemoryStream? payloads)
    {
        Scenario = scenario;
        _session = session;
        Trace = trace;
        Payloads = payloads;
    }

    public Scenario Scenario { get; }

    public StringWriter? Trace { get; }

    public MemoryStream? Payloads { get; }

    public NbdSession Session => _session;

    /// <summary>Serves a scenario given as its device list (JSON array text) and step list.</summary>
    public static ServedScenario Start(string devices, string exports, bool traced = false, string steps = "[]", ulong seed = 1)
    {
        Scenario scenario = ScenarioLoader.Parse($$"""{"format":1,"name":"served","seed":{{seed}},"devices":{{devices}},"steps":{{steps}}}""");
        StringWriter? trace = traced ? new StringWriter() : null;
        MemoryStream? payloads = traced ? new MemoryStream() : null;
        var specs = exports.Split(' ').Select(NbdExportSpec.Parse).ToList();
        NbdSession session = NbdSession.Start(scenario, specs, new NbdSessionOptions { Trace = trace, Payloads = payloads });
        return new ServedScenario(scenario, session, trace, payloads);
    }

    public INbdExport Export(string name) => _session.Exports.Single(e => e.Name == name);

    /// <summary>Issues a request and waits (bounded) for its completion.</summary>
    public async Task<(int Errno, string? Message)> Do(string export, NbdCommand command, long offset, int length, byte[]? buffer = null, NbdCommandFlags flags = NbdCommandFlags.None)
    {
        var probe = new CompletionProbe();
        Export(export).Submit(new NbdIo(command, flags, 7, offset, length), buffer ?? (command is NbdCommand.Read or NbdCommand.Write ? new byte[length] : []), probe);
        (int, string?) result = await Within.Await(probe.Done, $"{command} of {length} bytes at {offset} on export '{export}'");
        Assert.Equal(1, probe.Calls);
        return result;
    }

    /// <summary>Sends one control line and returns the answer.</summary>
    public string Control(string line) => _session.Control.Handle(line);

    public Simulation.Results.RunResult Finish() => _session.Finish();

    public void Dispose() => _session.Dispose();
}
