namespace DmIo.Simulation;

/// <summary>Identifies the simulation assembly: scenario format, deterministic runner, traces, sweeps.</summary>
public static class SimulationAssembly
{
    /// <summary>The scenario and result format version this build reads and writes.</summary>
    public const int FormatVersion = 1;
}
