namespace DmIo.Benchmarks.Nbd;

/// <summary>
/// The scenario files <c>dmio-sim nbd</c> serves, each with one 256 MiB memory device <c>d0</c> (524,288 sectors), and
/// the nbdkit command lines they are compared with.
/// </summary>
public static class BenchScenarios
{
    /// <summary>The device size in 512-byte sectors (256 MiB).</summary>
    public const long Sectors = 524_288;

    /// <summary>The memory device alone, served as <c>d0</c>; against <c>nbdkit memory 256M</c>.</summary>
    public static readonly BenchServers Memory = new(
        Scenario("nbd-bench-memory", ""),
        "d0",
        ["memory", "256M"]);

    /// <summary>
    /// A <c>latency</c> target with a fixed 1 ms per bio over the memory device, served as <c>lat</c>; against nbdkit's
    /// delay filter with 1 ms per read and per write, and 32 threads so that both can hold fio's 32 requests at once
    /// (nbdkit's default is 16 per connection).
    /// </summary>
    public static readonly BenchServers Latency = new(
        Scenario("nbd-bench-latency", """, { "name": "lat", "table": ["0 524288 latency d0 0 fixed:1ms"] }"""),
        "lat",
        ["--threads", "32", "--filter=delay", "memory", "256M", "delay-read=1ms", "delay-write=1ms"]);

    /// <summary>
    /// A <c>rules</c> target over the memory device whose scenario step adds a rule failing each read with probability
    /// 10% (EIO), served as <c>r</c>; against nbdkit's error filter failing 10% of reads with EIO.
    /// </summary>
    public static readonly BenchServers ReadErrors = new(
        Scenario(
            "nbd-bench-read-errors",
            """, { "name": "r", "table": ["0 524288 rules d0 0"] }""",
            """{ "do": "message", "device": "r", "text": "add name=e op=read prob=10% action=fail:ioerr" }"""),
        "r",
        ["--filter=error", "memory", "256M", "error-pread-rate=10%", "error-pread=EIO"]);

    private static string Scenario(string name, string moreDevices, string steps = "") => $$"""
        { "format": 1, "name": "{{name}}", "seed": 1,
          "devices": [ { "name": "d0", "backend": "memory", "sectors": {{Sectors}} }{{moreDevices}} ],
          "steps": [ {{steps}} ] }
        """;
}
