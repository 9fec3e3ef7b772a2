namespace DmIo;

/// <summary>
/// Thrown when a simulated scheduler is asked to wait for something but has no events left that could bring
/// it about: the simulated equivalent of a hang, reported instead of spinning forever.
/// </summary>
public sealed class SimulationStalledException : InvalidOperationException
{
    /// <summary>Creates the exception with a message naming what was awaited.</summary>
    /// <param name="message">What was awaited and when.</param>
    public SimulationStalledException(string message)
        : base(message)
    {
    }
}
