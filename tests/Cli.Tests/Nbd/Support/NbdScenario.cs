using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests.Nbd.Support;

/// <summary>Small scenario files for <c>dmio-sim nbd</c>: a memory disk <c>d0</c> and fault tables over it.</summary>
internal static class NbdScenario
{
    /// <summary>
    /// Writes a scenario with memory disk <c>d0</c> of <paramref name="sectors"/> sectors, rules device <c>r</c> and
    /// 512-byte-block dust device <c>du</c> over all of it, and returns its path.
    /// </summary>
    public static string WriteFaultTables(TempDir dir, int sectors, string? d0Limits = null) => dir.Write("scenario.json", $$"""
        {"format":1,"name":"nbd-e2e","seed":11,"devices":[
          {"name":"d0","backend":"memory","sectors":{{sectors}}{{(d0Limits is null ? string.Empty : $",\"limits\":{d0Limits}")}}},
          {"name":"r","table":["0 {{sectors}} rules d0 0"]},
          {"name":"du","table":["0 {{sectors}} dust d0 0 512"]}
        ],"steps":[]}
        """);

    /// <summary>A path for a Unix socket in <paramref name="dir"/>.</summary>
    public static string Socket(TempDir dir) => dir.File("nbd.sock");

    /// <summary>A control line sending <paramref name="text"/> to <paramref name="device"/> as a device message.</summary>
    public static string Inject(string device, string text) => $$"""{"cmd":"inject","device":"{{device}}","text":"{{text}}"}""";
}
