using System.Text.Json;

namespace DmIo.Simulation.Results;

/// <summary>What one step did, and which of its expectations failed. Written into the result in a fixed key order.</summary>
public abstract class StepOutcome
{
    private readonly List<string> _failures = []; // one sentence per unmet expectation

    /// <summary>Creates the outcome of step <paramref name="index"/>.</summary>
    /// <param name="index">The step's index.</param>
    /// <param name="kind">The step's kind (its <c>do</c> field).</param>
    protected StepOutcome(int index, string kind)
    {
        Index = index;
        Kind = kind;
    }

    /// <summary>The step's index.</summary>
    public int Index { get; }

    /// <summary>The step's kind.</summary>
    public string Kind { get; }

    /// <summary>Unmet expectations, each a sentence naming what differs.</summary>
    public IReadOnlyList<string> Failures => _failures;

    /// <summary>Records an unmet expectation.</summary>
    /// <param name="text">What differs: the field, expected and actual.</param>
    public void Fail(string text) => _failures.Add(text);

    /// <summary>Writes the step as one JSON object.</summary>
    /// <param name="writer">The writer.</param>
    public void Write(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("index", Index);
        writer.WriteString("do", Kind);
        WriteFields(writer);
        writer.WriteStartArray("failures");
        foreach (string failure in _failures)
        {
            writer.WriteStringValue(failure);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes the kind's own fields, between <c>do</c> and <c>failures</c>.</summary>
    /// <param name="writer">The writer.</param>
    protected abstract void WriteFields(Utf8JsonWriter writer);
}
