using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DmIo.Simulation.Results;

/// <summary>Writer settings and helpers shared by every part of the result: two-space indent, <c>\n</c> line ends, no timestamps.</summary>
public static class ResultJson
{
    /// <summary>The writer options every result is written with.</summary>
    public static JsonWriterOptions Options { get; } = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes a document with <paramref name="write"/> and returns its text, ending with a newline.</summary>
    /// <param name="write">Writes exactly one JSON value.</param>
    /// <param name="indented">False for one compact line (the serve protocol).</param>
    /// <returns>The text.</returns>
    public static string Build(Action<Utf8JsonWriter> write, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, indented ? Options : Options with { Indented = false }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + (indented ? "\n" : string.Empty);
    }

    /// <summary>Writes a number or null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The key.</param>
    /// <param name="value">The value.</param>
    public static void WriteNullable(Utf8JsonWriter writer, string name, long? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>Writes a string or null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The key.</param>
    /// <param name="value">The value.</param>
    public static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>Writes a boolean or null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The key.</param>
    /// <param name="value">The value.</param>
    public static void WriteNullable(Utf8JsonWriter writer, string name, bool? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteBoolean(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
