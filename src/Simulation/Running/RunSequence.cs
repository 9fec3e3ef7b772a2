namespace DmIo.Simulation.Running;

/// <summary>
/// One counter for everything a run orders that the virtual clock cannot (many events share a nanosecond): bio
/// submissions and completions on every observed device, and <c>mark</c> steps.
/// </summary>
internal sealed class RunSequence
{
    private long _next; // the number the next event gets

    /// <summary>Numbers the next event.</summary>
    /// <returns>Its position, from 0.</returns>
    public long Next() => _next++;
}
