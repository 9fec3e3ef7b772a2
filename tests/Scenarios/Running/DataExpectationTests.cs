using DmIo.Simulation;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Scenarios.Running;

/// <summary>Fill and <c>same_as</c> data expectations hold or fail, and name the first differing byte, as their rules say.</summary>
public sealed class DataExpectationTests
{
    [Fact]
    public void FillAndSameAs_PassAndFailByte()
    {
        var builder = new ScenarioBuilder("data", 3).Backend("disk", "memory", 256);
        builder.Request("w", BioOperation.Write, [new RegionSpec("disk", 0, 8)]);
        builder.Request("w2", BioOperation.Write, [new RegionSpec("disk", 16, 8)], payload: new DataSpec(DataKind.Fill, Fill: 0xA5));
        Read(builder, "same", 0, 8, new DataSpec(DataKind.SameAs, Reference: "w"));          // holds
        Read(builder, "longer", 0, 16, new DataSpec(DataKind.SameAs, Reference: "w"));       // holds: zeros past the payload
        Read(builder, "tail", 8, 16, new DataSpec(DataKind.SameAs, Reference: "w2"));       // fails at 0: zeros where w2 has 0xA5
        Read(builder, "dirty-tail", 0, 24, new DataSpec(DataKind.SameAs, Reference: "w"));  // fails at 8192: w2 past the payload
        Read(builder, "zeros", 100, 8, new DataSpec(DataKind.Fill, Fill: 0));                // holds
        Read(builder, "fill", 16, 8, new DataSpec(DataKind.Fill, Fill: 0xA5));              // holds
        Read(builder, "half-fill", 12, 8, new DataSpec(DataKind.Fill, Fill: 0xA5));         // fails at 2048

        RunResult result = ScenarioRun.Run(builder.Build());

        Assert.Equal(
            [
                "tail: differs at byte 0 of 8192: expected 0xa5, got 0x00",
                "dirty-tail: differs at byte 8192 of 12288: expected 0x00, got 0xa5",
                "half-fill: differs at byte 0 of 4096: expected 0xa5, got 0x00",
            ],
            result.Steps.OfType<RequestOutcome>().Where(o => o.Failures.Count > 0).Select(o => $"{o.Id}: {Cut(o.Failures[0])}"));
    }

    [Fact]
    public void SameAsPayload_LongerThanItsSource_IsZeroPastIt_EvenInAReusedBuffer()
    {
        // Payloads and read copies use pooled arrays: reading back 16 KiB of 0xEE leaves a 16 KiB array dirty for the
        // next request of that size, so a same_as payload that did not zero past its source would write 0xEE there.
        var builder = new ScenarioBuilder("pooled-payload", 5).Backend("disk", "memory", 256);
        builder.Request("ee", BioOperation.Write, [new RegionSpec("disk", 100, 16)], payload: new DataSpec(DataKind.Fill, Fill: 0xEE));
        builder.Request("dirty", BioOperation.Read, [new RegionSpec("disk", 100, 16)]);
        builder.Request("w", BioOperation.Write, [new RegionSpec("disk", 0, 8)]);
        builder.Request("copy", BioOperation.Write, [new RegionSpec("disk", 32, 16)], payload: new DataSpec(DataKind.SameAs, Reference: "w"));
        Read(builder, "back", 32, 16, new DataSpec(DataKind.SameAs, Reference: "w"));
        Read(builder, "tail", 40, 8, new DataSpec(DataKind.Fill, Fill: 0));

        RunResult result = ScenarioRun.Run(builder.Build());

        Assert.True(result.Passed, string.Join("; ", result.Failures));
        Assert.Equal(2, result.Steps.OfType<RequestOutcome>().Count(o => o.Operation == "read" && o.Id is "back" or "tail"));
    }

    private static void Read(ScenarioBuilder builder, string id, long sector, long count, DataSpec expected) =>
        builder.Request(id, BioOperation.Read, [new RegionSpec("disk", sector, count)], expect: new IoExpectation(null, null, null, expected, null, null));

    // "data (...): differs at byte N of L: expected 0xEE, got 0xAA (digest ...)" -> "differs at byte N of L: expected 0xEE, got 0xAA"
    private static string Cut(string failure) => failure[(failure.IndexOf("differs", StringComparison.Ordinal))..failure.IndexOf(" (digest", StringComparison.Ordinal)];
}
