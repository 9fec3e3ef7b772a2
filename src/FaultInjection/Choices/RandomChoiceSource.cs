namespace DmIo.FaultInjection;

/// <summary>
/// Draws choices from a <see cref="DeterministicRandom"/>; thread-safe, so real-thread runs may share it
/// (their order then depends on thread timing, as real faults would).
/// </summary>
public sealed class RandomChoiceSource : IChoiceSource
{
    private readonly object _lock = new();     // DeterministicRandom is not thread-safe
    private readonly DeterministicRandom _random;

    /// <summary>Draws from <paramref name="random"/>.</summary>
    /// <param name="random">The seeded source.</param>
    public RandomChoiceSource(DeterministicRandom random) => _random = random ?? throw new ArgumentNullException(nameof(random));

    /// <summary>Draws from a new source seeded with <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed.</param>
    public RandomChoiceSource(ulong seed)
        : this(new DeterministicRandom(seed))
    {
    }

    /// <inheritdoc />
    public ulong Choose(string purpose, ulong bound)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        lock (_lock)
        {
            return _random.NextBelow(bound);
        }
    }
}
