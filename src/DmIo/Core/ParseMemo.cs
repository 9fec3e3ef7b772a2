using System.Collections.Concurrent;

namespace DmIo;

/// <summary>
/// Remembers what a parser made of a text, so that the same text parsed again costs one dictionary lookup. A sweep
/// parses the same table lines and device messages for every seed; with a memo, only the first seed pays for it.
/// Only a parser whose result depends on nothing but the text, and whose result is immutable, may be memoised. A text
/// the parser rejects is not remembered: its exception is thrown again, with the same message, every time. The memo
/// holds at most a fixed number of texts and starts again empty when full, so generated inputs cannot grow it without
/// bound. Thread-safe.
/// </summary>
/// <typeparam name="T">The parser's result.</typeparam>
public sealed class ParseMemo<T>
    where T : class
{
    private readonly ConcurrentDictionary<string, T> _results = new(StringComparer.Ordinal); // text -> what it parsed to
    private readonly int _capacity;                                                          // the most texts held

    /// <summary>Creates an empty memo.</summary>
    /// <param name="capacity">The most texts held at once; at least 1.</param>
    public ParseMemo(int capacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>How many texts the memo holds now.</summary>
    public int Count => _results.Count;

    /// <summary>Returns what <paramref name="parse"/> made of <paramref name="text"/>, calling it only the first time.</summary>
    /// <typeparam name="TState">What the parser needs besides the text (pass a static lambda, so nothing is captured).</typeparam>
    /// <param name="text">The text.</param>
    /// <param name="state">Passed to <paramref name="parse"/>.</param>
    /// <param name="parse">The parser; its exceptions propagate and nothing is remembered.</param>
    /// <returns>The parsed result, the same instance for the same text while it is held.</returns>
    public T GetOrParse<TState>(string text, TState state, Func<string, TState, T> parse)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(parse);
        if (_results.TryGetValue(text, out T? known))
        {
            return known;
        }

        T parsed = parse(text, state);
        if (_results.Count >= _capacity)
        {
            _results.Clear();
        }

        return _results.GetOrAdd(text, parsed);
    }
}
