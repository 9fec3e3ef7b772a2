namespace DmIo.Benchmarks.Nbd;

/// <summary>One comparison's two servers: a scenario and the device of it to serve, and the nbdkit arguments.</summary>
/// <param name="ScenarioJson">The scenario file's text.</param>
/// <param name="Device">The scenario device served as export <c>a</c>.</param>
/// <param name="NbdkitArguments">What follows <c>nbdkit --foreground --unix SOCKET</c>: filters, plugin, parameters.</param>
public sealed record BenchServers(string ScenarioJson, string Device, IReadOnlyList<string> NbdkitArguments);
