namespace DmIo.FaultInjection;

/// <summary>
/// Where every random choice a fault device makes comes from (probabilities, corrupted byte positions, latency
/// draws, crash policies). A run draws from a seeded source; a replay feeds the recorded choices back and fails
/// loudly at the first choice that differs in purpose, so fault decisions can be forced without the seed.
/// </summary>
public interface IChoiceSource
{
    /// <summary>Returns a value in [0, <paramref name="bound"/>).</summary>
    /// <param name="purpose">A stable label for what the choice decides (for example <c>flakey0:random_read_corrupt</c>); replay checks it.</param>
    /// <param name="bound">The exclusive upper bound; positive.</param>
    /// <returns>The chosen value.</returns>
    ulong Choose(string purpose, ulong bound);
}
