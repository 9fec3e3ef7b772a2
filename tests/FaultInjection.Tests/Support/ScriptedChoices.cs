namespace DmIo.FaultInjection.Tests.Support;

/// <summary>A choice source that answers from a script keyed by purpose suffix, and logs every question.</summary>
internal sealed class ScriptedChoices : IChoiceSource
{
    private readonly Dictionary<string, Queue<ulong>> _answers = []; // purpose suffix -> answers in order

    /// <summary>Every question asked: purpose and bound.</summary>
    public List<(string Purpose, ulong Bound)> Asked { get; } = [];

    /// <summary>Queues <paramref name="values"/> for purposes ending with <paramref name="suffix"/>.</summary>
    public ScriptedChoices Answer(string suffix, params ulong[] values)
    {
        if (!_answers.TryGetValue(suffix, out Queue<ulong>? queue))
        {
            _answers[suffix] = queue = new Queue<ulong>();
        }

        foreach (ulong value in values)
        {
            queue.Enqueue(value);
        }

        return this;
    }

    /// <inheritdoc />
    public ulong Choose(string purpose, ulong bound)
    {
        Asked.Add((purpose, bound));
        // The longest matching suffix wins, so ":byte" is not answered by the probability script.
        foreach (KeyValuePair<string, Queue<ulong>> entry in _answers.OrderByDescending(e => e.Key.Length))
        {
            if (purpose.EndsWith(entry.Key, StringComparison.Ordinal) && entry.Value.Count > 0)
            {
                ulong value = entry.Value.Dequeue();
                Assert.True(value < bound, $"scripted answer {value} for {purpose} is not below {bound}");
                return value;
            }
        }

        throw new InvalidOperationException($"No scripted answer for {purpose} (bound {bound}).");
    }
}
