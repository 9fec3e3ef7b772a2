using System.Numerics;
using System.Text.Json.Nodes;
using DmIo.Simulation;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Scenarios.Running;

/// <summary>
/// A result's device digest reads only allocated extents and hashes the zeros between them arithmetically; it must
/// equal the digest of the whole device read byte for byte, whatever the backend and however large.
/// </summary>
public sealed class DeviceDigestTests
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;
    private const long Sectors = 8192; // 4 MiB: small enough to read whole with a check step

    [Fact]
    public void Digest_OfEveryBackend_EqualsTheDigestOfReadingItWhole()
    {
        var builder = new ScenarioBuilder("digests", 7);
        string[] backends = ["memory", "sparse", "file", "zero"];
        foreach (string backend in backends)
        {
            builder.Backend(backend, backend, Sectors);
        }

        foreach (string backend in backends)
        {
            // Writes that cross 4 KiB and 64 KiB boundaries, a zero-filled write, one at the very end, and a discard.
            builder.Request(backend + "-a", BioOperation.Write, [new RegionSpec(backend, 120, 24)]);
            builder.Request(backend + "-b", BioOperation.Write, [new RegionSpec(backend, 2047, 258)]);
            builder.Request(backend + "-z", BioOperation.Write, [new RegionSpec(backend, 4000, 300)], payload: new DataSpec(DataKind.Fill, Fill: 0));
            builder.Request(backend + "-c", BioOperation.Write, [new RegionSpec(backend, Sectors - 9, 9)]);
            builder.Request(backend + "-d", BioOperation.Discard, [new RegionSpec(backend, 2100, 64)]);
        }

        foreach (string backend in backends)
        {
            builder.Check(backend, 0, Sectors, new DataSpec(DataKind.Fill, Fill: 0)); // fails unless zero: only its digest matters
        }

        RunResult result = ScenarioRun.Run(builder.Build());

        JsonNode json = JsonNode.Parse(result.ToJson())!;
        var checks = json["steps"]!.AsArray().Where(s => (string?)s!["do"] == "check").ToList();
        Assert.Equal(backends.Length, checks.Count);
        foreach (JsonNode? check in checks)
        {
            string device = (string)check!["device"]!;
            string? digest = (string?)json["devices"]!.AsArray().Single(d => (string?)d!["name"] == device)!["digest"];
            Assert.True(digest == (string?)check["digest"], $"{device}: result digest {digest}, whole-device read {check["digest"]}");
        }
    }

    [Fact]
    public void Digest_OfAnEightGibibyteSparseBackend_IsThatOfItsZerosAndItsOneWrite()
    {
        const long sectors = 1L << 24;   // 8 GiB: over the 256 MiB that once got a null digest
        const long sector = 9_000_001;   // an odd place, so the zeros before it are no power of two
        Scenario scenario = new ScenarioBuilder("big", 7).Backend("big", "sparse", sectors).Backend("empty", "sparse", sectors)
            .Request("w", BioOperation.Write, [new RegionSpec("big", sector, 8)], payload: new DataSpec(DataKind.Fill, Fill: 0x5A)).Build();

        RunResult result = ScenarioRun.Run(scenario);

        // Expected values without the code under test: prime^k mod 2^64 from BigInteger, the written bytes one by one.
        ulong hash = OffsetBasis * PrimeTo(sector * 512);
        for (int i = 0; i < 8 * 512; i++)
        {
            hash = (hash ^ 0x5A) * Prime;
        }

        hash *= PrimeTo((sectors - sector - 8) * 512);
        Assert.Equal(hash.ToString("x16"), result.Devices.Single(d => d.Name == "big").Digest);
        Assert.Equal((OffsetBasis * PrimeTo(sectors * 512)).ToString("x16"), result.Devices.Single(d => d.Name == "empty").Digest);
    }

    private static ulong PrimeTo(long exponent) => (ulong)BigInteger.ModPow(Prime, exponent, BigInteger.One << 64);
}
