using BenchmarkDotNet.Attributes;
using DmIo.Benchmarks.Support;
using FsCheck;
using FsCheck.Fluent;

namespace DmIo.Benchmarks;

/// <summary>
/// Target 6: FsCheck cases per second for the error-bits property (<see cref="ErrorBitsCase"/>): each invocation
/// checks 100 cases, and times are per case, so cases per second is 1e9 / Mean. Baseline: the same property body
/// over 100 cases drawn from a <see cref="DeterministicRandom"/> without FsCheck, which separates the cost of
/// FsCheck's generation and bookkeeping from the cost of the I/O being checked.
/// </summary>
public class PropertyThroughputBenchmarks
{
    private const int Cases = 100;

    private ErrorBitsRig _rig = null!;
    private Config _config = null!;
    private Arbitrary<ErrorBitsCase> _arbitrary = null!;
    private DeterministicRandom _random = null!;

    /// <summary>Builds the rig, the FsCheck configuration and the generator.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _rig = new ErrorBitsRig();
        _config = Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true);
        Gen<ErrorBitsCase> gen =
            from n in Gen.Choose(1, ErrorBitsCase.MaxRegions)
            from failing in Gen.ArrayOf(ArbMap.Default.GeneratorFor<bool>(), n)
            from sectors in Gen.ArrayOf(Gen.Choose(0, (ErrorBitsCase.DeviceSectors / 2) - 1), n)
            from counts in Gen.ArrayOf(Gen.Choose(0, ErrorBitsCase.MaxCount), n)
            select new ErrorBitsCase(failing, sectors, counts);
        _arbitrary = gen.ToArbitrary();
        _random = new DeterministicRandom(11);
    }

    /// <summary>Baseline: the property body over 100 seeded cases, no FsCheck.</summary>
    /// <returns>How many cases held (all of them).</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Cases)]
    public int PlainLoop()
    {
        int held = 0;
        for (int c = 0; c < Cases; c++)
        {
            int n = (int)_random.NextInRange(1, ErrorBitsCase.MaxRegions + 1);
            var failing = new bool[n];
            var sectors = new int[n];
            var counts = new int[n];
            for (int i = 0; i < n; i++)
            {
                failing[i] = _random.NextBelow(2) == 1;
                sectors[i] = (int)_random.NextBelow(ErrorBitsCase.DeviceSectors / 2);
                counts[i] = (int)_random.NextBelow(ErrorBitsCase.MaxCount + 1);
            }

            if (!new ErrorBitsCase(failing, sectors, counts).Holds(_rig))
            {
                throw new InvalidOperationException("The error-bits property failed.");
            }

            held++;
        }

        return held;
    }

    /// <summary>FsCheck checks the property on 100 generated cases (throws if one fails).</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    public void FsCheckQuickCheck() =>
        Check.One(_config, Prop.ForAll(_arbitrary, (ErrorBitsCase c) => c.Holds(_rig)));
}
