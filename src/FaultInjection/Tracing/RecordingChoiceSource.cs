namespace DmIo.FaultInjection;

/// <summary>
/// Passes choices through from another source and remembers each one, in order, also writing it to a trace when
/// given a <see cref="TraceRecorder"/>. Wrap the run's source in one to make the run replayable.
/// </summary>
public sealed class RecordingChoiceSource : IChoiceSource
{
    private readonly object _lock = new();               // keeps the draw and its record together
    private readonly IChoiceSource _inner;               // where values really come from
    private readonly TraceRecorder? _trace;              // where choice lines go, if anywhere
    private readonly List<RecordedChoice> _choices = []; // every choice so far

    /// <summary>Records the choices <paramref name="inner"/> makes.</summary>
    /// <param name="inner">The source to draw from: a seeded source, or a <see cref="ReplayChoiceSource"/>.</param>
    /// <param name="trace">A recorder to write <c>choice</c> lines to, or null.</param>
    public RecordingChoiceSource(IChoiceSource inner, TraceRecorder? trace = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _trace = trace;
    }

    /// <summary>The choices so far, in order.</summary>
    public IReadOnlyList<RecordedChoice> Choices
    {
        get
        {
            lock (_lock)
            {
                return [.. _choices];
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
            ulong value = _inner.Choose(purpose, bound);
            _choices.Add(new RecordedChoice(purpose, bound, value));
            _trace?.Chose(purpose, bound, value);
            return value;
        }
    }
}
