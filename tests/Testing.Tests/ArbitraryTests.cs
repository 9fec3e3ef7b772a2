using DmIo.FaultInjection;
using FsCheck;
using FsCheck.Fluent;

namespace DmIo.Testing.Tests;

/// <summary>
/// The public arbitraries: every generated value and every shrink candidate is a valid input, every shrink step is
/// strictly simpler by a measure counted here (<see cref="Measures"/>), and repeated shrinking reaches the simplest value.
/// </summary>
public sealed class ArbitraryTests
{
    private const int Samples = 150;

    private static void EachSampleAndShrink<T>(Arbitrary<T> arbitrary, Action<T> valid, Func<T, long> measure, int samples = Samples)
    {
        foreach (T value in arbitrary.Generator.Sample(samples, new Rnd(12345, 67891), 50))
        {
            valid(value);
            long before = measure(value);
            foreach (T candidate in arbitrary.Shrinker(value))
            {
                valid(candidate);
                Assert.True(measure(candidate) < before, $"shrinking {value}\n  (measure {before}) gave\n{candidate}\n  (measure {measure(candidate)})");
            }
        }
    }

    // Greedy shrinking as FsCheck does it: take the first candidate that still fails, until none does.
    private static T ShrinkWhile<T>(Arbitrary<T> arbitrary, T value, Func<T, bool> fails)
    {
        for (int steps = 0; steps < 10_000; steps++)
        {
            T? next = arbitrary.Shrinker(value).FirstOrDefault(fails);
            if (next is null)
            {
                return value;
            }

            value = next;
        }

        throw new InvalidOperationException("shrinking did not stop after 10000 steps");
    }

    [Fact]
    public void Layouts_AreValid_AndShrinkTowardPlainVm()
    {
        EachSampleAndShrink(DmIoArbitraries.Layouts(), Validity.Layout, l => Measures.Layout(l));
        MemoryLayout start = new(DmIoMemoryKind.Bvec, 5, [3, 1, 7]);
        MemoryLayout shrunk = ShrinkWhile(DmIoArbitraries.Layouts(), start, _ => true);
        Assert.Equal(DmIoMemoryKind.Vm, shrunk.Kind);
        Assert.Equal(0, shrunk.PageOffsetSectors);
        Assert.Equal([8], shrunk.BvecSectors);
    }

    [Fact]
    public void Limits_AreValid_AndShrinkToTheDefaults()
    {
        EachSampleAndShrink(DmIoArbitraries.Limits(), l => l.Validate(), l => Measures.Limits(l));
        QueueLimits odd = new() { MaxSectors = 8, MaxSegments = 1, MaxSegmentSize = 4096, MaxDiscardSectors = 0, MaxWriteZeroesSectors = 40 };
        Assert.Equal(QueueLimits.Default, ShrinkWhile(DmIoArbitraries.Limits(), odd, _ => true));
    }

    [Fact]
    public void FaultRules_AreValid_AndShrinkToNoConditions()
    {
        EachSampleAndShrink(DmIoArbitraries.FaultRules(), Validity.Rule, r => Measures.Rule(r));
        FaultRule rule = FaultRuleSyntax.Parse("name=r0 op=read sectors=10-20 nth=3 prob=0.5 action=fail:ioerr");
        FaultRule shrunk = ShrinkWhile(DmIoArbitraries.FaultRules(), rule, _ => true);
        Assert.Equal("name=r0 action=fail:ioerr", FaultRuleSyntax.Format(shrunk));
    }

    [Fact]
    public void Stacks_BuildWithTheirDescribedCapacity_AndShrinkToAPlainMemoryDevice()
    {
        EachSampleAndShrink(DmIoArbitraries.Stacks(), Validity.Stack, s => Measures.Stack(s));
        StackNode deep = DmIoGen.Stack("s0", 3).Sample(1, new Rnd(7, 9), 20).Single();
        StackNode shrunk = ShrinkWhile(DmIoArbitraries.Stacks(), deep, _ => true);
        LeafNode leaf = Assert.IsType<LeafNode>(shrunk);
        Assert.Equal(LeafKind.Memory, leaf.Kind);
        Assert.Equal(QueueLimits.Default, leaf.Limits);
    }

    [Fact]
    public void Requests_AreValid_AndAFailingOneShrinksToOneShortRegionOnAPlainDisk()
    {
        EachSampleAndShrink(DmIoArbitraries.Requests(), Validity.Request, Measures.Request, samples: 40);

        // "no region is longer than 10 sectors" fails; the shrunk request should keep only what makes it fail.
        Func<StackRequest, bool> fails = r => r.Regions.Any(x => x.Count > 10);
        StackRequest start = DmIoGen.Request.Sample(Samples, new Rnd(3, 5), 50).First(fails);
        StackRequest shrunk = ShrinkWhile(DmIoArbitraries.Requests(), start, fails);
        RegionSpec only = Assert.Single(shrunk.Regions);
        Assert.InRange(only.Count, 11, 21);
        LeafNode disk = Assert.IsType<LeafNode>(Assert.Single(shrunk.Stacks));
        Assert.Equal((LeafKind.Memory, BioOperation.Write, BioFlags.None, false, 0UL), (disk.Kind, shrunk.Operation, shrunk.Flags, shrunk.Async, shrunk.Seed));
        Assert.Equal(MemoryLayout.PlainVm.ToString(), shrunk.Layout.ToString());
    }
}
