using System.Text.RegularExpressions;

namespace DmIo.Fuzz;

/// <summary>Recognises a .NET exception report in text a user would see.</summary>
public static partial class StackTraces
{
    /// <summary>The first line of <paramref name="text"/> that is a stack frame or an unhandled-exception banner, or null.</summary>
    /// <param name="text">Output text.</param>
    /// <returns>The line, or null.</returns>
    public static string? FirstIn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Match match = Frame().Match(text);
        return match.Success ? match.Value.Trim() : null;
    }

    // "   at Namespace.Type.Method(args) in /path/file.cs:line 12", "Unhandled exception: System.X", "--- End of stack trace".
    [GeneratedRegex(@"^(\s+at [\w.`<>+\[\],|]+\(.*\)(\s+in\s.*)?|Unhandled exception.*|.*--- End of (inner exception )?stack trace.*)\r?$", RegexOptions.Multiline)]
    private static partial Regex Frame();
}
