namespace DmIo.FaultInjection;

/// <summary>
/// Feeds a recorded run's choices back, in order, so every probabilistic fault, latency draw and crash fate comes
/// out as it did, whatever seed the replay was given. Each request must ask for the same purpose and bound as the
/// recording did; the first that does not (or a request past the end) throws <see cref="TraceDivergenceException"/>
/// naming the trace step of the expected choice.
/// </summary>
public sealed class ReplayChoiceSource : IChoiceSource
{
    private readonly object _lock = new();                 // guards _next
    private readonly IReadOnlyList<RecordedChoice> _script; // the choices to give, in order
    private int _next;                                     // index of the next choice to give

    /// <summary>Replays <paramref name="choices"/>.</summary>
    /// <param name="choices">Recorded choices, for example <see cref="RecordingChoiceSource.Choices"/> or <see cref="TraceLog.Choices"/>.</param>
    public ReplayChoiceSource(IEnumerable<RecordedChoice> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        _script = [.. choices];
        for (int i = 0; i < _script.Count; i++)
        {
            RecordedChoice c = _script[i] ?? throw new ArgumentException($"Choice {i} is null.", nameof(choices));
            if (c.Bound == 0 || c.Value >= c.Bound)
            {
                throw new ArgumentException($"Choice {i} ({c}) has a value outside [0, bound).", nameof(choices));
            }
        }
    }

    /// <summary>Replays the choices of a loaded trace.</summary>
    /// <param name="trace">The trace.</param>
    public ReplayChoiceSource(TraceLog trace)
        : this((trace ?? throw new ArgumentNullException(nameof(trace))).Choices)
    {
    }

    /// <summary>Choices given so far.</summary>
    public int Consumed
    {
        get
        {
            lock (_lock)
            {
                return _next;
            }
        }
    }

    /// <summary>Choices recorded but not yet asked for.</summary>
    public int Remaining
    {
        get
        {
            lock (_lock)
            {
                return _script.Count - _next;
            }
        }
    }

    /// <inheritdoc />
    public ulong Choose(string purpose, ulong bound)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        lock (_lock)
        {
            string asked = $"choice #{_next}: {purpose} < {bound}";
            if (_next >= _script.Count)
            {
                int step = _script.Count == 0 ? 0 : _script[^1].Step + 1;
                throw new TraceDivergenceException(step, "no more recorded choices", asked);
            }

            RecordedChoice expected = _script[_next];
            if (expected.Purpose != purpose || expected.Bound != bound)
            {
                throw new TraceDivergenceException(expected.Step, $"choice #{_next}: {expected}", asked);
            }

            _next++;
            return expected.Value;
        }
    }
}
