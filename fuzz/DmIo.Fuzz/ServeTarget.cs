using System.Text.Json;
using DmIo.Simulation.Protocol;

namespace DmIo.Fuzz;

/// <summary>
/// (d) Serve sessions: the bytes are the lines a client sends to <c>dmio-sim serve</c>, read as the command reads
/// standard input (UTF-8, blank lines skipped, nothing after <c>quit</c>), each handed to
/// <see cref="ServeSession.Handle"/>. Invariants: <c>Handle</c> never throws; every line gets exactly one response
/// line, a JSON object with <c>id</c> and a boolean <c>ok</c>, and an <c>error</c> object with a <c>message</c> when
/// <c>ok</c> is false; a refused request leaves <see cref="ServeSession.StateDigest"/> byte-identical; and the session
/// still answers <c>hello</c> (without changing its state) after every refusal and at the end.
/// </summary>
public sealed class ServeTarget : IFuzzTarget
{
    private const string Hello = """{"cmd":"hello"}""";

    /// <inheritdoc />
    public string Name => "serve";

    /// <inheritdoc />
    public FuzzOutcome Run(byte[] input)
    {
        int accepted = 0, refused = 0;
        var meter = new Budget.Meter();
        meter.Ios(DmIoClient.IosPerPage);
        using var session = new ServeSession();
        string current = Digest(session, "at the start"); // digests hash the media, so each state is digested once
        foreach (string line in FuzzText.Lines(FuzzText.Decode(input)))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue; // ServeCommand skips blank lines
            }

            ServeBudget.Measure(line, meter);
            if (meter.Exceeded is { } over)
            {
                return FuzzOutcome.Skip(over);
            }

            bool ok = Answer(session, line);
            string after = Digest(session, "after " + line);
            if (ok)
            {
                accepted++;
            }
            else
            {
                refused++;
                if (after != current)
                {
                    throw new InvariantViolation("refused-request-changes-nothing", $"'{Short(line)}' was refused but the state went from '{current}' to '{after}'");
                }
            }

            if (session.Finished)
            {
                return new FuzzOutcome(accepted, refused); // ServeCommand stops reading after quit
            }

            current = ok ? after : StillAnswers(session, after, line);
        }

        StillAnswers(session, current, "the last line");
        return new FuzzOutcome(accepted, refused);
    }

    // Sends one line and checks the response's shape; returns its ok.
    private static bool Answer(ServeSession session, string line)
    {
        string response;
        try
        {
            response = session.Handle(line);
        }
        catch (Exception e)
        {
            throw InvariantViolation.Undocumented("serve-answers-every-line", e);
        }

        return Shape(line, response);
    }

    private static bool Shape(string line, string response)
    {
        if (response.Contains('\n', StringComparison.Ordinal) || response.Contains('\r', StringComparison.Ordinal))
        {
            throw new InvariantViolation("serve-one-response-line", $"'{Short(line)}' got a response of several lines: {Short(response)}");
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(response);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out _) ||
                !root.TryGetProperty("ok", out JsonElement ok) || ok.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new InvariantViolation("serve-well-formed-response", $"'{Short(line)}' got {Short(response)}");
            }

            if (ok.ValueKind == JsonValueKind.False &&
                !(root.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object &&
                  error.TryGetProperty("message", out JsonElement message) && message.ValueKind == JsonValueKind.String))
            {
                throw new InvariantViolation("serve-well-formed-response", $"'{Short(line)}' was refused without an error message: {Short(response)}");
            }

            return ok.ValueKind == JsonValueKind.True;
        }
        catch (JsonException e)
        {
            throw new InvariantViolation("serve-well-formed-response", $"'{Short(line)}' got a response that is not JSON ({e.Message}): {Short(response)}", e);
        }
    }

    // Sends hello; it must be answered and change nothing. Returns the digest (unchanged).
    private static string StillAnswers(ServeSession session, string before, string after)
    {
        if (!Answer(session, Hello))
        {
            throw new InvariantViolation("serve-still-answers-hello", $"hello was refused after '{Short(after)}'");
        }

        if (Digest(session, "after hello") != before)
        {
            throw new InvariantViolation("serve-still-answers-hello", $"hello changed the state after '{Short(after)}'");
        }

        return before;
    }

    private static string Digest(ServeSession session, string when)
    {
        try
        {
            return session.StateDigest();
        }
        catch (Exception e)
        {
            throw InvariantViolation.Undocumented($"state-digest-readable ({Short(when)})", e);
        }
    }

    private static string Short(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
