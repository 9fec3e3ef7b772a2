using System.Text;

namespace DmIo.Cli.Commands;

/// <summary>
/// Reads lines of at most a given number of characters, so one endless line cannot take the server's memory: the
/// rest of an overlong line is read and dropped, and the caller is told the line was too long.
/// </summary>
internal sealed class BoundedLineReader(TextReader input, long maxChars)
{
    private readonly StringBuilder _line = new();

    /// <summary>Reads the next line (without its end).</summary>
    /// <param name="line">The line, or null at the end of input.</param>
    /// <returns>False when the line was longer than the limit (its text is dropped, <paramref name="line"/> is empty).</returns>
    public bool TryReadLine(out string? line)
    {
        _line.Clear();
        bool tooLong = false;
        int c;
        while ((c = input.Read()) >= 0)
        {
            if (c == '\n')
            {
                break;
            }

            if (tooLong)
            {
                continue;
            }

            if (_line.Length >= maxChars)
            {
                tooLong = true;
                _line.Clear();
                continue;
            }

            _line.Append((char)c);
        }

        if (c < 0 && _line.Length == 0 && !tooLong)
        {
            line = null;
            return true;
        }

        if (_line.Length > 0 && _line[^1] == '\r')
        {
            _line.Length--;
        }

        line = tooLong ? string.Empty : _line.ToString();
        return !tooLong;
    }
}
