using DmIo.Scenarios.Reliability;
using DmIo.Tests.Reliability;
using System.Text;
using Xunit.Abstractions;

namespace DmIo.Cli.Tests.Reliability;

/// <summary>
/// A seeded mutation run over valid protocol lines, in-process: each mutated line is sent in the middle of the script
/// (an async write in flight). The session never throws, answers with exactly one well-formed response line, keeps
/// working (a <c>hello</c> afterwards succeeds), and when it refuses the line every later response and the final
/// result are byte-identical to the run without it.
/// </summary>
public sealed class ServeProtocolFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 800;

    [Fact]
    public void MutatedProtocolLines_AreAnsweredOrRefused_AndARefusalChangesNothing()
    {
        (_, List<string> plain) = ServeScript.Play(null);
        FuzzReport report = MutationFuzzer.Run("ServeSession.Handle", [.. ServeScript.AllValid.Select(JsonMutator.ToByteString)], Iterations, seed: 31,
            input =>
            {
                // Lines reach the server as UTF-8 text; bytes that are not UTF-8 arrive as U+FFFD.
                string line = Encoding.UTF8.GetString(JsonMutator.Bytes(input));
                using var session = new DmIo.Simulation.Protocol.ServeSession();
                foreach (string before in ServeScript.Before)
                {
                    session.Handle(before);
                }

                string answer = session.Handle(line);
                bool refused = ServeScript.Error(answer, out _) is not null;
                if (session.Finished)
                {
                    return refused ? "a refused line ended the session" : null; // a mutated line may be a valid quit
                }

                if (ServeScript.Error(session.Handle("""{"id":"probe","cmd":"hello"}"""), out _) is { } probe)
                {
                    return $"the session stopped working: hello answered {probe}";
                }

                if (!refused)
                {
                    return null;
                }

                List<string> later = [.. ServeScript.After.Select(session.Handle)];
                int differs = Enumerable.Range(0, plain.Count).FirstOrDefault(i => plain[i] != later[i], -1);
                return differs < 0
                    ? throw new ServeLineRejected(answer)
                    : $"refused ({answer}) but changed the response to {ServeScript.After[differs]}";
            },
            (e, _) => e is ServeLineRejected);
        output.WriteLine($"{report} (refused = an error response)");
        Assert.True(report.Failures.Count == 0, string.Join(Environment.NewLine, report.Failures.Take(20)));
    }
}
