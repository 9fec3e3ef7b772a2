using DmIo.Simulation;

namespace DmIo.Cli.Commands.Nbd;

/// <summary>The options of one <c>dmio-sim nbd</c> invocation, as given.</summary>
internal sealed class NbdServeOptions
{
    public required string ScenarioPath { get; init; }

    public required IReadOnlyList<string> Exports { get; init; }

    public string? Listen { get; init; }

    public string? UnixPath { get; init; }

    public string? TracePath { get; init; }

    public string? ResultPath { get; init; }

    public string? RunCommand { get; init; }

    public bool Verbose { get; init; }

    public bool ExitWithParent { get; init; }

    public int MaxConnections { get; init; }

    public required ResourceLimits Limits { get; init; }
}
