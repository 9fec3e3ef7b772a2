using System.Text.Json;

namespace DmIo.Simulation.Results;

/// <summary>
/// The outcome of a step other than a request: its fields are an ordered list of key/value pairs (message reply,
/// clock time, crash fates, pool size...), written in the order they were added.
/// </summary>
public sealed class SimpleOutcome(int index, string kind) : StepOutcome(index, kind)
{
    private readonly List<(string Key, Action<Utf8JsonWriter> Write)> _fields = []; // in writing order

    /// <summary>Adds a string (or null) field.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This outcome.</returns>
    public SimpleOutcome Add(string key, string? value)
    {
        _fields.Add((key, w => ResultJson.WriteNullable(w, key, value)));
        return this;
    }

    /// <summary>Adds a number field.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This outcome.</returns>
    public SimpleOutcome Add(string key, long value)
    {
        _fields.Add((key, w => w.WriteNumber(key, value)));
        return this;
    }

    /// <summary>Adds a field written by <paramref name="write"/> (which must write the key itself).</summary>
    /// <param name="key">The key.</param>
    /// <param name="write">Writes the key and its value.</param>
    /// <returns>This outcome.</returns>
    public SimpleOutcome Add(string key, Action<Utf8JsonWriter> write)
    {
        _fields.Add((key, write));
        return this;
    }

    /// <inheritdoc />
    protected override void WriteFields(Utf8JsonWriter writer)
    {
        foreach ((_, Action<Utf8JsonWriter> write) in _fields)
        {
            write(writer);
        }
    }
}
