using System.Text.Json;
using DmIo.Cli.Tests.Support;
using DmIo.Simulation.Protocol;

namespace DmIo.Cli.Tests.Reliability;

/// <summary>
/// Issue 12: requests that pass the protocol's parser but once crashed the run (an OverflowException out of
/// <see cref="ServeSession.Handle"/> killed <c>serve</c>) or changed state although refused. Each is answered
/// <c>ok:false</c> with the field's path, the session's <see cref="ServeSession.StateDigest"/> is unchanged, and the
/// session answers the next request.
/// </summary>
public sealed class ServeSurvivalTests
{
    private const string Disk = """{"cmd":"create","device":{"name":"d0","backend":"memory","sectors":2048}}""";

    public static TheoryData<string, string, string> RefusedAfterLoading() => new()
    {
        { """{"cmd":"submit","op":"write","regions":[{"device":"d0","sector":9,"count":2147483647}]}""", "$.regions[0].count", "--max-request-bytes" },
        { """{"cmd":"submit","op":"read","regions":[{"device":"d0","sector":0,"count":4194304}]}""", "$.regions[0].count", "--max-request-bytes" },
        { """{"cmd":"check","device":"d0","count":4194304,"expect":{"data":{"fill":0}}}""", "$.count", "--max-request-bytes" },
        { """{"cmd":"pool","get":16385}""", "$.get", "--max-pool-objects" },
        { """{"cmd":"advance","by":"86401s"}""", "$.by", "--max-virtual-time" },
        { """{"cmd":"create","device":{"name":"big","backend":"memory","sectors":8388608}}""", "$.device.sectors", "--max-device-bytes" },
        { """{"cmd":"start","io_capacity":65537}""", "$.io_capacity", "--max-pool-objects" },
    };

    [Theory]
    [MemberData(nameof(RefusedAfterLoading))]
    public void RequestPastACap_IsRefusedWithItsPath_ChangesNothing_AndTheSessionGoesOn(string line, string path, string flag)
    {
        using var session = new ServeSession();
        Assert.Contains("\"ok\":true", session.Handle(Disk), StringComparison.Ordinal);
        string before = session.StateDigest();

        JsonElement response = Answer(session, line);

        Assert.False(response.GetProperty("ok").GetBoolean(), line);
        Assert.Equal(path, response.GetProperty("error").GetProperty("path").GetString());
        Assert.Contains(flag, response.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, session.StateDigest());
        Assert.True(Answer(session, """{"cmd":"hello"}""").GetProperty("ok").GetBoolean());
    }

    [Fact]
    public void RefusedTable_LeavesNoVolatileCacheBehind_ForALaterCrash()
    {
        using var session = new ServeSession();
        session.Handle(Disk);

        // The second line fails when it is built (its window runs past d0), after the first built its cache.
        JsonElement refused = Answer(session, """{"cmd":"create","device":{"name":"c","table":["0 1024 volatile_cache d0 0","1024 1024 linear d0 2000"]}}""");
        JsonElement crash = Answer(session, """{"cmd":"crash"}""");

        Assert.False(refused.GetProperty("ok").GetBoolean());
        Assert.Equal("$.device.table[1]", refused.GetProperty("error").GetProperty("path").GetString());
        JsonElement outcome = crash.GetProperty("outcome");
        Assert.Equal(0, outcome.GetProperty("caches").GetArrayLength()); // the phantom cache used to be listed here
        Assert.Contains("no volatile_cache target", outcome.GetProperty("failures")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RefusedTable_LeavesTheDigestUnchanged()
    {
        using var session = new ServeSession();
        session.Handle(Disk);
        string before = session.StateDigest();

        Answer(session, """{"cmd":"create","device":{"name":"c","table":["0 1024 volatile_cache d0 0","1024 1024 linear d0 2000"]}}""");

        Assert.Equal(before, session.StateDigest());
    }

    [Fact]
    public void RefusedFirstRequest_DoesNotLeaveAnImplicitlyStartedSession()
    {
        using var fresh = new ServeSession();
        using var session = new ServeSession();

        JsonElement response = Answer(session, """{"cmd":"create","device":{"name":"d0","backend":"memory","sectors":8388608}}""");

        Assert.False(response.GetProperty("ok").GetBoolean());
        Assert.Equal(fresh.StateDigest(), session.StateDigest());
    }

    [Fact]
    public void UnexpectedException_IsAnsweredAsInternal_AndTheSessionGoesOn()
    {
        using var session = new ServeSession();
        session.Handle(Disk);
        session.BeforeDispatch = cmd =>
        {
            if (cmd == "advance")
            {
                throw new OverflowException("Arithmetic operation resulted in an overflow.");
            }
        };

        JsonElement failed = Answer(session, """{"id":7,"cmd":"advance","by":"1ms"}""");
        JsonElement next = Answer(session, """{"id":8,"cmd":"submit","op":"write","regions":[{"device":"d0","sector":0,"count":8}]}""");

        Assert.Equal(7, failed.GetProperty("id").GetInt32());
        Assert.False(failed.GetProperty("ok").GetBoolean());
        Assert.True(failed.GetProperty("internal").GetBoolean());
        Assert.StartsWith("internal error: OverflowException", failed.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(next.GetProperty("ok").GetBoolean(), next.ToString());
        Assert.False(next.TryGetProperty("internal", out _));
    }

    [Fact]
    public async Task ServeProcess_AnswersTheLineThatOnceKilledIt_AndTheRequestsAfterIt()
    {
        string[] requests =
        [
            Disk,
            """{"id":1,"cmd":"submit","op":"write","regions":[{"device":"d0","sector":9,"count":2147483647}]}""",
            """{"id":2,"cmd":"check","device":"d0","count":4194304,"expect":{"data":{"fill":0}}}""",
            """{"id":3,"cmd":"hello"}""",
            """{"id":4,"cmd":"quit"}""",
        ];
        (int exit, string[] responses, string errors) = await ServeProcess.RunAsync(requests);

        Assert.True(exit == 0 && errors.Length == 0, $"exit {exit}, stderr: {errors}");
        Assert.Equal(requests.Length, responses.Length);
        Assert.Contains("\"ok\":false", responses[1], StringComparison.Ordinal);
        Assert.Contains("\"ok\":false", responses[2], StringComparison.Ordinal);
        Assert.Contains("\"implementation\"", responses[3], StringComparison.Ordinal);
    }

    [Fact]
    public void LineLongerThanTheInputCap_IsSkippedAndAnswered_AndTheNextLineIsServed()
    {
        string longLine = """{"cmd":"hello","pad":" """ + new string('x', 5000) + "\"}";
        var input = new StringReader(string.Join("\n", longLine, """{"id":2,"cmd":"hello"}""", """{"id":3,"cmd":"quit"}""") + "\n");
        var output = new StringWriter();

        int exit = DmIo.Cli.Commands.ServeCommand.Serve(input, output, DmIo.Simulation.ResourceLimits.Default with { MaxInputBytes = 4096 });

        string[] responses = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, exit);
        Assert.Equal(3, responses.Length);
        Assert.Contains("longer than 4KiB (--max-input-bytes)", responses[0], StringComparison.Ordinal);
        Assert.Contains("\"id\":2,\"ok\":true", responses[1], StringComparison.Ordinal);
    }

    private static JsonElement Answer(ServeSession session, string line)
    {
        string response = session.Handle(line);
        Assert.DoesNotContain('\n', response);
        return JsonDocument.Parse(response).RootElement.Clone();
    }
}
