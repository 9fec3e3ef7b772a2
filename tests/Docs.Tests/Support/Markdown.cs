using System.Text.RegularExpressions;

namespace DmIo.Docs.Tests.Support;

/// <summary>The few pieces of Markdown the documentation tests read: fenced code blocks, inline code and link targets.</summary>
internal static partial class Markdown
{
    /// <summary>A fenced code block: its info string (language, may be empty), its text and the line its fence opens on.</summary>
    public sealed record CodeBlock(string Language, string Text, int Line);

    /// <summary>Every fenced (```) code block of <paramref name="markdown"/>, in order; the text keeps its line breaks as \n.</summary>
    public static IReadOnlyList<CodeBlock> CodeBlocks(string markdown)
    {
        var blocks = new List<CodeBlock>();
        string[] lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            int open = i;
            string language = lines[i][3..].Trim();
            var body = new List<string>();
            for (i++; i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal); i++)
            {
                body.Add(lines[i]);
            }

            blocks.Add(new CodeBlock(language, string.Join('\n', body) + "\n", open + 1));
        }

        return blocks;
    }

    /// <summary>The Markdown outside fenced code blocks (code blocks replaced by empty lines, so line numbers hold).</summary>
    public static string Prose(string markdown)
    {
        string[] lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        bool inside = false;
        for (int i = 0; i < lines.Length; i++)
        {
            bool fence = lines[i].StartsWith("```", StringComparison.Ordinal);
            if (fence || inside)
            {
                lines[i] = string.Empty;
            }

            if (fence)
            {
                inside = !inside;
            }
        }

        return string.Join('\n', lines);
    }

    /// <summary>Inline code spans (`...`) of the prose, with the line each is on.</summary>
    public static IEnumerable<(string Code, int Line)> InlineCode(string markdown)
    {
        string prose = Prose(markdown);
        foreach (Match m in InlineCodePattern().Matches(prose))
        {
            yield return (m.Groups[1].Value, LineOf(prose, m.Index));
        }
    }

    /// <summary>Link and image targets of the prose — <c>[text](target)</c> and <c>[label]: target</c> — with their line.</summary>
    public static IEnumerable<(string Target, int Line)> LinkTargets(string markdown)
    {
        // Inline code may hold brackets and parentheses that are not links.
        string prose = InlineCodePattern().Replace(Prose(markdown), m => new string(' ', m.Length));
        foreach (Match m in InlineLinkPattern().Matches(prose))
        {
            yield return (m.Groups[1].Value, LineOf(prose, m.Index));
        }

        foreach (Match m in ReferenceLinkPattern().Matches(prose))
        {
            yield return (m.Groups[1].Value, LineOf(prose, m.Index));
        }
    }

    private static int LineOf(string text, int index) => 1 + text.AsSpan(0, index).Count('\n');

    [GeneratedRegex("`([^`\n]+)`")]
    private static partial Regex InlineCodePattern();

    [GeneratedRegex(@"\]\(\s*<?([^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex InlineLinkPattern();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?\s*$", RegexOptions.Multiline)]
    private static partial Regex ReferenceLinkPattern();
}
