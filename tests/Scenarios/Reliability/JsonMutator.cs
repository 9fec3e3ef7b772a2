using System.Text;
using System.Text.RegularExpressions;
using DmIo.Tests.Reliability;

namespace DmIo.Scenarios.Reliability;

/// <summary>
/// Mutates JSON documents (scenario files, protocol lines) into malformed ones, driven only by a seeded
/// <see cref="DeterministicRandom"/>. Works on byte strings — each char holds one byte (Latin-1), so a mutation can
/// produce bytes that are not UTF-8. Edits: flip a bit of a byte, replace a number with an extreme, rename a field
/// (misspelt, or another field's name), replace a string value, delete a JSON token, delete a line, or a
/// <see cref="TextMutator"/> edit.
/// </summary>
public static partial class JsonMutator
{
    private static readonly string[] Numbers =
    [
        "0", "-1", "-0", "1", "7", "64", "65", "1023", "1024", "1025", "4095", "4096", "4097", "255", "256", "65536",
        "2147483648", "4294967296", "1099511627776", "18014398509481984", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616", "1e308", "1e400",
        "0.5", "1.0", "1E3", "-1e-400", "00", "0x10",
    ];

    private static readonly string[] Strings =
    [
        "\"\"", "\" \"", "\"0x\"", "\"0xFFFFFFFFFFFFFFFFF\"", "\"nosuch\"", "\"-1ms\"", "\"99999999999999s\"", "\"1ms\"", "\"async\"",
        "\"legacy\"", "\"read\"", "\"write\"", "\"discard\"", "\"io\"", "\"wait\"", "\"\\u0000\"", "\"\\ud800\"", "null", "true", "[]", "{}",
    ];

    /// <summary>A byte string (one byte per char) of <paramref name="text"/>'s UTF-8 encoding.</summary>
    public static string ToByteString(string text) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text));

    /// <summary>The bytes of a byte string.</summary>
    public static byte[] Bytes(string byteString) => Encoding.Latin1.GetBytes(byteString);

    /// <summary>Returns <paramref name="input"/> (a byte string) after 1 to 3 random edits.</summary>
    public static string Mutate(string input, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(random);
        string text = input;
        int edits = 1 + (int)random.NextBelow(3);
        for (int e = 0; e < edits; e++)
        {
            text = random.NextBelow(8) switch
            {
                0 => FlipBit(text, random),
                1 => ReplaceMatch(text, NumberPattern(), random, _ => Pick(Numbers, random)),
                2 => ReplaceMatch(text, KeyPattern(), random, key => RenameKey(key, text, random)),
                3 => ReplaceMatch(text, StringPattern(), random, _ => Pick(Strings, random)),
                4 => ReplaceMatch(text, TokenPattern(), random, _ => string.Empty),
                5 => DeleteLine(text, random),
                _ => TextMutator.Mutate(text, random, maxEdits: 2),
            };
        }

        return text;
    }

    private static string FlipBit(string text, DeterministicRandom random)
    {
        if (text.Length == 0)
        {
            return text;
        }

        int at = (int)random.NextBelow((ulong)text.Length);
        char flipped = (char)((text[at] & 0xFF) ^ (1 << (int)random.NextBelow(8)));
        return string.Concat(text.AsSpan(0, at), flipped.ToString(), text.AsSpan(at + 1));
    }

    private static string ReplaceMatch(string text, Regex pattern, DeterministicRandom random, Func<string, string> replace)
    {
        MatchCollection matches = pattern.Matches(text);
        if (matches.Count == 0)
        {
            return text;
        }

        Match m = matches[(int)random.NextBelow((ulong)matches.Count)];
        Group g = m.Groups.Count > 1 && m.Groups[1].Success ? m.Groups[1] : m.Groups[0];
        return string.Concat(text.AsSpan(0, g.Index), replace(g.Value), text.AsSpan(g.Index + g.Length));
    }

    private static string RenameKey(string key, string text, DeterministicRandom random)
    {
        switch (random.NextBelow(4))
        {
            case 0 when key.Length > 1: // misspell: drop a letter
                int at = (int)random.NextBelow((ulong)key.Length);
                return key.Remove(at, 1);
            case 1:
                return key.ToUpperInvariant();
            case 2:
                return key + "s";
            default: // another field's name from the same document
                MatchCollection keys = KeyPattern().Matches(text);
                return keys[(int)random.NextBelow((ulong)keys.Count)].Groups[1].Value;
        }
    }

    private static string DeleteLine(string text, DeterministicRandom random)
    {
        string[] lines = text.Split('\n');
        if (lines.Length < 2)
        {
            return text;
        }

        int drop = (int)random.NextBelow((ulong)lines.Length);
        return string.Join('\n', lines.Where((_, i) => i != drop));
    }

    private static string Pick(string[] choices, DeterministicRandom random) => choices[random.NextBelow((ulong)choices.Length)];

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][+-]?\d+)?")]
    private static partial Regex NumberPattern();

    [GeneratedRegex("\"([A-Za-z_]+)\"\\s*:")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("(?<=:\\s*)\"[^\"\\\\]*\"")]
    private static partial Regex StringPattern();

    [GeneratedRegex("\"[^\"\\\\]*\"|-?\\d+|true|false|null|[{}\\[\\],:]")]
    private static partial Regex TokenPattern();
}
