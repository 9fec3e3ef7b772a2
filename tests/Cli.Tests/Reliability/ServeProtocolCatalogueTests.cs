using System.Text.Json;
using Xunit.Abstractions;

namespace DmIo.Cli.Tests.Reliability;

/// <summary>
/// The <c>serve</c> protocol's bad-input catalogue (docs/PROTOCOL.md): each bad line, sent in the middle of a session
/// with an async write in flight, gets exactly one <c>{"id":...,"ok":false,"error":{...}}</c> response naming the
/// field, and the session carries on as if the line had never been sent — every later response, and the final
/// result, byte for byte.
/// </summary>
public sealed class ServeProtocolCatalogueTests(ITestOutputHelper output)
{
    private const string D0 = """{"device":"d0","sector":0,"count":8}""";

    /// <summary>Class, line, expected id (raw JSON), message fragment, path (null: no field).</summary>
    public static TheoryData<string, string, string, string, string?> Lines() => new()
    {
        { "malformed JSON", """{"id":99,"cmd":"hello" """, "null", "not valid JSON", "$" },
        { "malformed JSON", "not json", "null", "not valid JSON", "$" },
        { "malformed JSON", "", "null", "not valid JSON", "$" },
        { "malformed JSON", """{"id":99,"cmd":"hello"}}""", "null", "not valid JSON", "$" },
        { "malformed JSON", """{"id":99,"cmd":"hello",}""", "null", "not valid JSON", "$" },
        { "malformed JSON", "null", "null", "expected an object", "$" },
        { "malformed JSON", "[1,2]", "null", "expected an object", "$" },
        { "malformed JSON", """{"id":99,"cmd":"create","device":{"name":"\ud800","backend":"zero","sectors":8}}""", "99", "unpaired UTF-16 surrogate", "$.device.name" },
        { "malformed JSON", """{"id":"\udc00","cmd":"hello"}""", "null", "unpaired UTF-16 surrogate", "$.id" },
        { "unknown command", """{"id":99,"cmd":"explode"}""", "99", "unknown command 'explode'", "$.cmd" },
        { "unknown command", """{"id":99,"cmd":"HELLO"}""", "99", "unknown command 'HELLO'", "$.cmd" },
        { "unknown command", """{"id":{"nested":[1,2]},"cmd":""}""", """{"nested":[1,2]}""", "unknown command ''", "$.cmd" },
        { "missing field", """{"id":99}""", "99", "missing required field 'cmd'", "$.cmd" },
        { "invalid field", """{"id":99,"cmd":5}""", "99", "expected a string", "$.cmd" },
        { "invalid field", """{"id":99,"cmd":"hello","extra":1}""", "99", "unknown field 'extra'", "$.extra" },
        { "invalid field", """{"id":99,"cmd":"start","seed":-1}""", "99", "non-negative", "$.seed" },
        { "invalid field", """{"id":99,"cmd":"start","io_capacity":0}""", "99", "out of range", "$.io_capacity" },
        { "missing field", """{"id":99,"cmd":"create"}""", "99", "missing required field 'device'", "$.device" },
        { "invalid field", """{"id":99,"cmd":"create","device":{"name":"x","backend":"memory","sectors":0}}""", "99", "out of range", "$.device.sectors" },
        { "invalid field", """{"id":99,"cmd":"create","device":{"name":"x","table":["0 8 flakey d0 0 x 1"]}}""", "99", "up_interval", "$.device.table[0]" },
        { "invalid field", """{"id":99,"cmd":"create","device":{"name":"x","table":["0 8 thin d0"]}}""", "99", "unknown target 'thin'", "$.device.table[0]" },
        { "unknown device", """{"id":99,"cmd":"create","device":{"name":"d0","backend":"memory","sectors":8}}""", "99", "already exists", "$.device.name" },
        { "unknown device", """{"id":99,"cmd":"create","device":{"name":"x","table":["0 8 linear nosuch 0"]}}""", "99", "'nosuch', which does not exist", "$.device.table" },
        { "unknown device", """{"id":99,"cmd":"create","device":{"name":"x","table":["0 8 linear x 0"]}}""", "99", "'x', which does not exist", "$.device.table" },
        { "missing field", """{"id":99,"cmd":"step"}""", "99", "missing required field 'step'", "$.step" },
        { "invalid field", """{"id":99,"cmd":"step","step":{"do":"explode"}}""", "99", "unknown step kind 'explode'", "$.step.do" },
        { "unknown device", """{"id":99,"cmd":"submit","op":"read","regions":[{"device":"nope","sector":0,"count":1}]}""", "99", "unknown device 'nope'", "$.regions[0].device" },
        { "bad request", """{"id":99,"cmd":"submit","request":"w","op":"write","regions":[""" + D0 + "]}", "99", "already used", "$.id" },
        { "bad request", """{"id":99,"cmd":"submit","op":"write","regions":[{"device":"d0","sector":-1,"count":8}]}""", "99", "out of range", "$.regions[0].sector" },
        { "bad request", """{"id":99,"cmd":"submit","op":"write","regions":[{"device":"d0","sector":0,"count":8,"repeat":2000}]}""", "99", "out of range 1..1024", "$.regions[0].repeat" },
        { "bad request", """{"id":99,"cmd":"submit","op":"write","regions":[{"device":"d0","sector":9223372036854775800,"count":8,"repeat":2}]}""", "99", "past sector", "$.regions[0].repeat" },
        { "bad request", """{"id":99,"cmd":"submit","op":"write","payload":{"hex":"abc"},"regions":[""" + D0 + "]}", "99", "even number of hex digits", "$.payload.hex" },
        { "bad request", """{"id":99,"cmd":"submit","op":"trim","regions":[""" + D0 + "]}", "99", "'trim' is not one of", "$.op" },
        { "bad request", """{"id":99,"cmd":"submit","op":"discard","memory":{"kind":"vm"},"regions":[""" + D0 + "]}", "99", "carries no memory", "$.memory" },
        { "unknown device", """{"id":99,"cmd":"inject","device":"d0","text":"add name=x action=drop"}""", "99", "needs a table device", "$.device" },
        { "unknown device", """{"id":99,"cmd":"inject","device":"ghost","text":"list"}""", "99", "unknown device 'ghost'", "$.device" },
        { "missing field", """{"id":99,"cmd":"inject","device":"leg1"}""", "99", "missing required field 'text'", "$.text" },
        { "bad request", """{"id":99,"cmd":"wait","request":"nosuch"}""", "99", "not the id of an earlier async request", "$.id" },
        { "missing field", """{"id":99,"cmd":"result"}""", "99", "missing required field 'request'", "$.request" },
        { "bad request", """{"id":99,"cmd":"result","request":"nosuch"}""", "99", "no request with id 'nosuch'", "$.request" },
        { "invalid field", """{"id":99,"cmd":"advance","by":"-1ms"}""", "99", "is not a duration", "$.by" },
        { "invalid field", """{"id":99,"cmd":"advance"}""", "99", "missing required field 'by'", "$.by" },
        { "unknown device", """{"id":99,"cmd":"check","device":"leg1","count":8,"expect":{"data":{"fill":0}}}""", "99", "is a table", "$.device" },
        { "invalid field", """{"id":99,"cmd":"pool","get":0}""", "99", "exactly one of 'get' or 'put'", "$.get" },
        { "unknown device", """{"id":99,"cmd":"crash","device":"nosuch"}""", "99", "unknown device 'nosuch'", "$.device" },
        { "invalid field", """{"id":99,"cmd":"finish","now":true}""", "99", "unknown field 'now'", "$.now" },
        { "invalid field", """{"id":99,"cmd":"quit","x":1}""", "99", "unknown field 'x'", "$.x" },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void BadLine_GetsOneErrorResponseNamingTheField_AndChangesNothing(string inputClass, string line, string id, string message, string? path)
    {
        (_, List<string> plain) = ServeScript.Play(null);
        (string? answer, List<string> later) = ServeScript.Play(line);

        JsonElement? error = ServeScript.Error(answer!, out JsonElement echoed);
        Assert.True(error is { } e && e.GetProperty("message").GetString()!.Contains(message, StringComparison.Ordinal) &&
                    (e.TryGetProperty("path", out JsonElement p) ? p.GetString() : null) == path && echoed.GetRawText() == id,
            $"{inputClass}: {line}\n  expected id {id}, '{message}' at {path ?? "no path"}\n  got {answer}");
        if (path is not null)
        {
            Assert.True(error.Value.GetProperty("line").GetInt32() >= 1 && error.Value.GetProperty("column").GetInt32() >= 1, answer);
        }

        for (int i = 0; i < plain.Count; i++)
        {
            Assert.True(plain[i] == later[i], $"{inputClass}: after {line}\n  the response to {ServeScript.After[i]} changed:\n  expected {Cut(plain[i])}\n  actual   {Cut(later[i])}");
        }
    }

    [Fact]
    public void Catalogue_Size()
    {
        var rows = Lines().Select(r => (string)r[0]).GroupBy(c => c).OrderBy(g => g.Key, StringComparer.Ordinal);
        output.WriteLine($"serve protocol: {Lines().Count()} bad lines: {string.Join(", ", rows.Select(g => $"{g.Key} {g.Count()}"))}");
        Assert.True(Lines().Count() >= 40);
    }

    [Fact]
    public void NullLine_IsAnArgumentNullException()
    {
        using var session = new DmIo.Simulation.Protocol.ServeSession();
        Assert.Equal("line", Assert.Throws<ArgumentNullException>(() => session.Handle(null!)).ParamName);
    }

    private static string Cut(string s) => s.Length > 300 ? s[..300] + "..." : s;
}
