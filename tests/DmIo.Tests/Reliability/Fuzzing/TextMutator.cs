using System.Text;

namespace DmIo.Tests.Reliability;

/// <summary>
/// Random mutation of valid text (table lines, messages, trace lines) into malformed text, driven only by a seeded
/// <see cref="DeterministicRandom"/> so a failing input is reproduced from its seed and iteration. Edits: delete,
/// insert or replace characters, swap, duplicate or drop whitespace-separated tokens, replace a token with a
/// boundary number or a keyword, and truncate.
/// </summary>
public static class TextMutator
{
    // Boundary numbers and words that parsers tend to get wrong: overflow, sign, other bases, other digit scripts.
    private static readonly string[] Tokens =
    [
        "0", "1", "-1", "-0", "+1", "07", "4294967296", "9223372036854775807", "9223372036854775808", "18446744073709551615",
        "18446744073709551616", "4611686018427387904", "1e9", "0x10", "1.5", "NaN", "\u0663", "\uFF11", "", " ", "\t",
        "linear", "striped", "zero", "error", "flakey", "delay", "dust", "nosuch", "add", "remove", "list", "clear",
        "addbadblock", "removebadblock", "queryblock", "name=", "=", "action=fail:ioerr", "action=", "sectors=5-1", "prob=2",
        "null", "true", "{}", "[]", "\"", "{", "}", ":", ",", "#", "%", "\u00e9", "\0",
    ];

    private const string Specials = " \t\r\n=:,-+#%\"{}[]\\0123456789\u00e9\0";

    /// <summary>Returns <paramref name="input"/> after 1 to <paramref name="maxEdits"/> random edits.</summary>
    public static string Mutate(string input, DeterministicRandom random, int maxEdits = 4)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(random);
        var text = new StringBuilder(input);
        int edits = 1 + (int)random.NextBelow((ulong)maxEdits);
        for (int e = 0; e < edits; e++)
        {
            switch (random.NextBelow(9))
            {
                case 0 when text.Length > 0: // delete a run of characters
                    int at = (int)random.NextBelow((ulong)text.Length);
                    text.Remove(at, 1 + (int)random.NextBelow((ulong)Math.Min(8, text.Length - at)));
                    break;
                case 1: // insert a character
                    text.Insert((int)random.NextBelow((ulong)text.Length + 1), RandomChar(random));
                    break;
                case 2 when text.Length > 0: // replace a character
                    int where = (int)random.NextBelow((ulong)text.Length);
                    text[where] = RandomChar(random);
                    break;
                case 3: // replace a token with a boundary number or a keyword
                    text = ReplaceToken(text, random, Tokens[random.NextBelow((ulong)Tokens.Length)]);
                    break;
                case 4: // duplicate a token
                    text = EditTokens(text, random, (tokens, i) => tokens.Insert(i, tokens[i]));
                    break;
                case 5: // drop a token
                    text = EditTokens(text, random, (tokens, i) => tokens.RemoveAt(i));
                    break;
                case 6: // swap two tokens
                    text = EditTokens(text, random, (tokens, i) =>
                    {
                        int j = (int)random.NextBelow((ulong)tokens.Count);
                        (tokens[i], tokens[j]) = (tokens[j], tokens[i]);
                    });
                    break;
                case 7 when text.Length > 0: // truncate
                    text.Length = (int)random.NextBelow((ulong)text.Length);
                    break;
                default: // grow a number: append digits to a digit run
                    int digit = IndexOfDigit(text, random);
                    if (digit >= 0)
                    {
                        text.Insert(digit, new string('9', 1 + (int)random.NextBelow(20)));
                    }

                    break;
            }
        }

        return text.ToString();
    }

    private static char RandomChar(DeterministicRandom random) => random.NextBelow(3) == 0
        ? (char)(0x20 + random.NextBelow(0x5F))
        : Specials[(int)random.NextBelow((ulong)Specials.Length)];

    private static StringBuilder ReplaceToken(StringBuilder text, DeterministicRandom random, string replacement) =>
        EditTokens(text, random, (tokens, i) => tokens[i] = replacement);

    private static StringBuilder EditTokens(StringBuilder text, DeterministicRandom random, Action<List<string>, int> edit)
    {
        var tokens = text.ToString().Split(' ').ToList();
        edit(tokens, (int)random.NextBelow((ulong)tokens.Count));
        return new StringBuilder(string.Join(' ', tokens));
    }

    private static int IndexOfDigit(StringBuilder text, DeterministicRandom random)
    {
        int start = text.Length == 0 ? 0 : (int)random.NextBelow((ulong)text.Length);
        for (int k = 0; k < text.Length; k++)
        {
            int i = (start + k) % text.Length;
            if (char.IsAsciiDigit(text[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
