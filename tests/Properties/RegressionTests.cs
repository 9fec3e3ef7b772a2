using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace DmIo.Properties;

/// <summary>Failing seeds found by the properties, pinned so they are re-checked on every run.</summary>
public sealed class RegressionTests
{
    /// <summary>
    /// Found by <see cref="ModelBasedProperties.Stack_AgreesWithReferenceModel_StepByStep"/> while it was written. The
    /// model wrongly assumed one bio per request; the engine sized the bio for ceil(22/8) = 3 vectors, so a bio vector
    /// of 4- and 7-sector elements split the write into two bios, both carrying PREFLUSH, and the second bio's flush
    /// persisted the first bio's cached data. The model now replays the engine's bios one by one. The failure was:
    /// <code>
    /// Stack_AgreesWithReferenceModel_StepByStep-Falsifiable, after 1 test (52 shrinks) (6480236578428395047,6432101373839426171)
    /// Last step was invoked with size of 2 and seed of (2893002261449547730,11519545522652931267):
    /// Original:
    /// seed=1350013197
    ///   0: write 37+2 Preflush, Fua page_list@6 async seed=766
    ///   ... (53 steps)
    /// Shrunk:
    /// seed=1350013197
    ///   0: write 141+22 Preflush bvec[4,7]@0 async seed=598
    /// with exception:
    /// Xunit.Sdk.XunitException: step 0 (write 141+22 Preflush bvec[4,7]@0 async seed=598): media (what survives a crash):
    /// mismatch at byte 72192 (sector 141): expected 0x00, got 0x80
    /// Replay with: DMIO_PROPERTY_REPLAY="2893002261449547730,11519545522652931267,2" dotnet test tests/Properties/Properties.csproj --filter "FullyQualifiedName~Stack_AgreesWithReferenceModel_StepByStep"
    /// </code>
    /// </summary>
    [DmIoProperty(1, MaxTest = 1, Replay = "2893002261449547730,11519545522652931267,2")]
    public Property ModelBased_PreflushWriteSplitIntoTwoBios_Seed2893002261449547730() =>
        Prop.ForAll(ModelBasedProperties.ScriptArbitrary, ModelBasedProperties.Holds);

    /// <summary>
    /// The failure format, pinned: a deliberately wrong oracle (error bits combined with <c>&amp;</c>, the historic
    /// dec_count bug) checked against the real engine with a fixed seed must fail with FsCheck's seed, the shrunk
    /// counterexample, the message naming what differs, and the exact replay line. It fails like this:
    /// <code>
    /// PinnedFormat-Falsifiable, after 3 tests (0 shrinks) (42,4243).
    /// Last step was invoked with size of 2 and seed of (16340574858490160898,13838050016556927857).
    /// Replay directly at failing step with (16340574858490160898,13838050016556927857,2).
    /// Original:
    /// Simulated async WriteZeroes kmem@0 seed=1764292964
    ///   s0 = dust s0(+82, 41s, blk=1024, bad=[47/0,45/0,43/0]) over [dust s0.d(+11, 164s, blk=512, bad=[87/1,121/0,137/0]) over [...]]
    ///   s1 = latency s1(13059-178562ns) over [rules s1.t(name=r0 op=write every=2 action=fail:medium; ...) over [striped ...]]
    ///   s2 = sparse s2(536s max_sectors=256 max_segs=2 seg_size=65536 discard=24 wz=40)
    ///   regions: s0[95+5] s1[1113+1] s2[127+33] s2[160+11] s0[38+15] s0[53+42] s1[1058+33]
    /// with exception:
    /// Xunit.Sdk.XunitException: an oracle that ANDs region failures: any region out of range: expected True, got False
    /// Replay with: DMIO_PROPERTY_REPLAY="16340574858490160898,13838050016556927857,2" dotnet test tests/Properties/Properties.csproj --filter "FullyQualifiedName~PinnedFormat"
    /// </code>
    /// </summary>
    [Fact]
    public void FailureReport_NamesSeedShrunkCaseAndReplay()
    {
        Property wrong = Prop.ForAll(DmIoArbitraries.Requests(), request =>
        {
            var c = new ErrorBitsCase(RunMode.Simulated, request);
            if (c.Operation == BioOperation.Read || c.Regions.Count < 2)
            {
                return true.ToProperty();
            }

            ErrorBitsProperties.Holds(c);
            bool anyFailed = c.Regions.Any(r => r.Sector + r.Count > c.Stacks[r.Stack].Capacity);
            bool allFailed = c.Regions.All(r => r.Sector + r.Count > c.Stacks[r.Stack].Capacity);
            Expect.Equal(anyFailed, allFailed, "an oracle that ANDs region failures: any region out of range");
            return true.ToProperty();
        });

        Config config = Config.QuickThrowOnFailure.WithMaxTest(200).WithName("PinnedFormat")
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(42, 4243), FSharpOption<int>.None)));
        var e = Assert.ThrowsAny<Exception>(() => Check.One(config, wrong));

        Assert.Contains("Falsifiable, after", e.Message, StringComparison.Ordinal);
        Assert.Contains("Original:", e.Message, StringComparison.Ordinal);
        Assert.Contains("Shrunk:", e.Message, StringComparison.Ordinal);
        Assert.Contains("an oracle that ANDs region failures", e.Message, StringComparison.Ordinal);
        Assert.Contains("(42,4243)", e.Message, StringComparison.Ordinal); // the run's own seed
        Assert.Matches(@"Last step was invoked with size of \d+ and seed of \(\d+,\d+\)", e.Message); // what Replay takes
    }
}
