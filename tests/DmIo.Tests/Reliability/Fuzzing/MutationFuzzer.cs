using System.Diagnostics;

namespace DmIo.Tests.Reliability;

/// <summary>
/// Feeds mutations of valid inputs to a parser, bounded and seeded: every input must be accepted or rejected with the
/// documented error type, within a per-input time limit, and the whole run must finish before a deadline (a hang
/// fails the test naming the input it hung on instead of stalling the run).
/// </summary>
public static class MutationFuzzer
{
    /// <summary>How long one input may take before it counts as a hang.</summary>
    public static TimeSpan PerInputLimit { get; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a whole run may take.</summary>
    public static TimeSpan RunDeadline { get; } = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="iterations"/> mutations of <paramref name="valid"/> through <paramref name="parse"/>.</summary>
    /// <param name="target">What is fuzzed, for the report.</param>
    /// <param name="valid">Valid inputs to mutate.</param>
    /// <param name="iterations">How many mutated inputs to try.</param>
    /// <param name="seed">The seed; the same seed tries the same inputs.</param>
    /// <param name="parse">Parses one input; returns a problem description for an accepted input that broke a rule, or null.</param>
    /// <param name="isDocumented">True for an exception the parser documents for bad input; it may also check the message.</param>
    /// <param name="mutate">Turns a valid input into a mutated one; <see cref="TextMutator.Mutate"/> when null.</param>
    /// <returns>The report.</returns>
    public static FuzzReport Run(string target, IReadOnlyList<string> valid, int iterations, ulong seed,
        Func<string, string?> parse, Func<Exception, string, bool> isDocumented, Func<string, DeterministicRandom, string>? mutate = null)
    {
        mutate ??= (input, random) => TextMutator.Mutate(input, random);
        string current = string.Empty; // the input being parsed, for the hang message
        var failures = new List<string>();
        int accepted = 0, rejected = 0, tried = 0;
        Task run = Task.Run(() =>
        {
            var random = new DeterministicRandom(seed);
            for (int i = 0; i < iterations; i++)
            {
                string input = mutate(valid[(int)random.NextBelow((ulong)valid.Count)], random);
                Volatile.Write(ref current, input);
                var clock = Stopwatch.StartNew();
                try
                {
                    if (parse(input) is { } problem)
                    {
                        failures.Add($"#{i} {Quote(input)}: accepted but {problem}");
                    }

                    accepted++;
                }
                catch (Exception e) when (isDocumented(e, input))
                {
                    rejected++;
                }
                catch (Exception e)
                {
                    failures.Add($"#{i} {Quote(input)}: threw {e.GetType().Name}: {e.Message}");
                }

                if (clock.Elapsed > PerInputLimit)
                {
                    failures.Add($"#{i} {Quote(input)}: took {clock.Elapsed.TotalSeconds:0.0} s");
                }

                tried++;
            }
        });
        if (!run.Wait(RunDeadline))
        {
            throw new TimeoutException($"{target}: no answer within {RunDeadline.TotalSeconds} s; hung on {Quote(Volatile.Read(ref current))} (seed {seed})");
        }

        return new FuzzReport(target, tried, accepted, rejected, failures);
    }

    /// <summary>The input as a C# string literal, so a failure can be pasted into a regression test.</summary>
    public static string Quote(string input) =>
        "\"" + string.Concat(input.Select(c => c switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            < ' ' or > '~' => $"\\u{(int)c:X4}",
            _ => c.ToString(),
        })) + "\"";
}
