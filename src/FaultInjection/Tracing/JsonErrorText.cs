using System.Text.Json;
using System.Text.RegularExpressions;

namespace DmIo.FaultInjection;

/// <summary>
/// Turns a <see cref="JsonException"/> from System.Text.Json into words for a person: the reader's own sentence
/// without its machine position suffix ("Path: $ | LineNumber: 0 | BytePositionInLine: 0."), which callers replace by
/// the 1-based line and column they report themselves, and on one line.
/// </summary>
public static partial class JsonErrorText
{
    /// <summary>The problem the reader found, in its own words, without positions and on one line.</summary>
    /// <param name="exception">What the reader threw.</param>
    /// <returns>For example <c>'x' is an invalid start of a value.</c></returns>
    public static string Plain(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string text = PositionSuffix().Replace(exception.Message, string.Empty).Trim();
        return text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\s*(Path: [^|]*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$|\s*Path: [^|]*$")]
    private static partial Regex PositionSuffix();
}
