using System.Text.Json;
using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests;

public sealed class ServeProcessTests
{
    [Fact]
    public async Task Serve_AsAChildProcess_AnswersEveryRequestLineInOrder()
    {
        string[] requests =
        [
            """{"id":1,"cmd":"hello"}""",
            """{"id":2,"cmd":"start","seed":5}""",
            """{"id":3,"cmd":"create","device":{"name":"disk","backend":"memory","sectors":256}}""",
            """{"id":4,"cmd":"create","device":{"name":"r","table":["0 256 rules disk 0"]}}""",
            """{"id":5,"cmd":"inject","device":"r","text":"add name=x op=write action=fail"}""",
            """{"id":6,"cmd":"submit","request":"w","op":"write","mode":"async","regions":[{"device":"disk","sector":0,"count":8},{"device":"r","sector":8,"count":8}]}""",
            """{"id":7,"cmd":"wait","request":"w"}""",
            """{"id":8,"cmd":"result","request":"w"}""",
            """{"id":9,"cmd":"submit","op":"read","regions":[{"device":"nope","sector":0,"count":1}]}""",
            """{"id":10,"cmd":"finish"}""",
            """{"id":11,"cmd":"quit"}""",
        ];
        (int exit, string[] responses, _) = await ServeProcess.RunAsync(requests);
        Assert.Equal(0, exit);

        Assert.Equal(requests.Length, responses.Length);
        var parsed = responses.Select(r => JsonDocument.Parse(r).RootElement).ToList();
        Assert.Equal(Enumerable.Range(1, 11), parsed.Select(p => p.GetProperty("id").GetInt32()));
        Assert.Equal(1, parsed[0].GetProperty("format").GetInt32());
        JsonElement outcome = parsed[7].GetProperty("outcome");
        Assert.Equal(0, outcome.GetProperty("rc").GetInt32());
        Assert.Equal(2UL, outcome.GetProperty("error_bits").GetUInt64());   // region 1, on the rules device, failed
        Assert.Equal(1, outcome.GetProperty("notify_calls").GetInt32());
        Assert.False(parsed[8].GetProperty("ok").GetBoolean());
        Assert.Equal("$.regions[0].device", parsed[8].GetProperty("error").GetProperty("path").GetString());
        Assert.Equal(1, parsed[9].GetProperty("result").GetProperty("faults").GetArrayLength());
        Assert.All(parsed.Where((_, i) => i != 8), p => Assert.True(p.GetProperty("ok").GetBoolean(), p.ToString()));
    }
}
