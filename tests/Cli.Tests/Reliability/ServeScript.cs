using System.Text.Json;
using DmIo.Simulation.Protocol;

namespace DmIo.Cli.Tests.Reliability;

/// <summary>
/// A valid <c>serve</c> session (devices, a fault, an async write still in flight) and a runner that plays it with an
/// extra line inserted where the write is in flight, so a test can compare every later response with the plain run.
/// </summary>
internal static class ServeScript
{
    /// <summary>Lines before the insertion point: a session with devices, a rule and an async write in flight.</summary>
    public static readonly string[] Before =
    [
        """{"id":1,"cmd":"start","seed":42}""",
        """{"id":2,"cmd":"create","device":{"name":"d0","backend":"memory","sectors":2048}}""",
        """{"id":3,"cmd":"create","device":{"name":"d1","backend":"memory","sectors":2048}}""",
        """{"id":4,"cmd":"create","device":{"name":"leg1","table":["0 2048 rules d1 0"]}}""",
        """{"id":5,"cmd":"inject","device":"leg1","text":"add name=dead op=write sectors=0-7 action=fail:ioerr"}""",
        """{"id":6,"cmd":"submit","request":"w","op":"write","mode":"async","regions":[{"device":"d0","sector":0,"count":8},{"device":"leg1","sector":0,"count":8}]}""",
    ];

    /// <summary>Lines after the insertion point, ending with <c>finish</c>.</summary>
    public static readonly string[] After =
    [
        """{"id":7,"cmd":"wait","request":"w"}""",
        """{"id":8,"cmd":"result","request":"w"}""",
        """{"id":9,"cmd":"submit","request":"r","op":"read","regions":[{"device":"d0","sector":0,"count":8}],"expect":{"data":{"same_as":"w"}}}""",
        """{"id":10,"cmd":"advance","by":"1ms"}""",
        """{"id":11,"cmd":"check","device":"d0","count":8,"expect":{"data":{"same_as":"w"}}}""",
        """{"id":12,"cmd":"pool","get":1}""",
        """{"id":13,"cmd":"pool","put":1}""",
        """{"id":14,"cmd":"step","step":{"do":"crash"}}""",
        """{"id":15,"cmd":"finish"}""",
    ];

    /// <summary>Every valid line (for mutation), plus commands the script does not otherwise use.</summary>
    public static IReadOnlyList<string> AllValid { get; } =
        [.. Before, .. After, """{"id":"h","cmd":"hello"}""", """{"id":[1],"cmd":"quit"}""", """{"cmd":"step","step":{"do":"wait","id":"w"}}"""];

    /// <summary>Plays the script with <paramref name="inserted"/> (if any) after <see cref="Before"/>.</summary>
    /// <returns>The response to the inserted line (or null) and the responses to the lines after it.</returns>
    public static (string? Inserted, List<string> Later) Play(string? inserted)
    {
        using var session = new ServeSession();
        foreach (string line in Before)
        {
            string response = session.Handle(line);
            if (!response.Contains("\"ok\":true", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the valid script failed at {line}: {response}");
            }
        }

        string? answer = inserted is null ? null : session.Handle(inserted);
        return (answer, [.. After.Select(session.Handle)]);
    }

    /// <summary>The error object of a response, or null when it is <c>ok:true</c>; throws unless it is one well-formed response object.</summary>
    public static JsonElement? Error(string response, out JsonElement id)
    {
        if (response.Contains('\n', StringComparison.Ordinal))
        {
            throw new FormatException("a response spans more than one line");
        }

        using JsonDocument doc = JsonDocument.Parse(response);
        JsonElement root = doc.RootElement;
        id = root.GetProperty("id").Clone();
        if (root.GetProperty("ok").GetBoolean())
        {
            return null;
        }

        JsonElement error = root.GetProperty("error").Clone();
        if (error.GetProperty("message").GetString() is not { Length: > 0 })
        {
            throw new FormatException("an error response without a message");
        }

        return error;
    }
}
