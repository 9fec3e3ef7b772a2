using DmIo.Simulation;
using DmIo.Simulation.Sweeps;

namespace DmIo.Cli.Tests.Sweeps;

public sealed class SweepRunnerTests
{
    private const string Template = """
        {
          "format": 1, "name": "coin", "seed": 0,
          "devices": [ { "name": "disk", "backend": "memory", "sectors": 64 }, { "name": "r", "table": [ "0 64 rules disk 0" ] } ],
          "steps": [
            { "do": "message", "device": "r", "text": "add name=coin op=write prob=30% action=fail" },
            { "do": "io", "id": "w", "op": "write", "regions": [ { "device": "r", "sector": 0, "count": 8 } ], "expect": { "rc": 0 } }
          ]
        }
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60); // generous: the suite shares 2 cores

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Run_TakesSeedsOnlyAsFarAsTheWindowAhead_OfWhatWasConsumed(int jobs)
    {
        int capacity = jobs * SweepRunner.SeedsPerJobInWindow;
        var seeds = new CountingSeeds(1, 200);
        var consumed = new List<ulong>();
        var overruns = new List<string>();

        SweepEnd end = SweepRunner.Run(Template, seeds, jobs, ResourceLimits.Default, outcome =>
        {
            if (consumed.Count == 0)
            {
                // Hold the first outcome until the workers have filled the window, so the bound is actually tested.
                Assert.True(seeds.Reached(capacity).WaitOne(Patience), $"the workers never took {capacity} seeds");
            }

            consumed.Add(outcome.Seed);
            if (seeds.Taken > consumed.Count + capacity)
            {
                overruns.Add($"{seeds.Taken} seeds taken after {consumed.Count} consumed (window {capacity})");
            }

            return true;
        }, CancellationToken.None);

        Assert.Equal(SweepEnd.Completed, end);
        Assert.Empty(overruns);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (ulong)i), consumed);
    }

    [Fact]
    public async Task Run_Cancelled_ConsumesExactlyAPrefix_AndSaysInterrupted()
    {
        using var cancel = new CancellationTokenSource();
        var consumed = new List<ulong>();

        var run = Task.Run(() => SweepRunner.Run(Template, new SeedRange(1, 100_000_000), Shard.All, 3, ResourceLimits.Default, outcome =>
        {
            consumed.Add(outcome.Seed);
            if (consumed.Count == 10)
            {
                cancel.Cancel();
            }

            return true;
        }, cancel.Token));

        Assert.True(await Task.WhenAny(run, Task.Delay(Patience)) == run, $"the sweep did not stop within {Patience} of the cancellation");
        Assert.Equal(SweepEnd.Interrupted, await run);
        Assert.InRange(consumed.Count, 10, 10 + (3 * SweepRunner.SeedsPerJobInWindow));
        Assert.Equal(Enumerable.Range(1, consumed.Count).Select(i => (ulong)i), consumed);
    }

    [Fact]
    public void Run_ConsumerStops_NothingAfterThatSeedIsConsumed()
    {
        var consumed = new List<ulong>();

        SweepEnd end = SweepRunner.Run(Template, new SeedRange(1, 1000), Shard.All, 4, ResourceLimits.Default, outcome =>
        {
            consumed.Add(outcome.Seed);
            return outcome.Seed < 7;
        }, CancellationToken.None);

        Assert.Equal(SweepEnd.StoppedByConsumer, end);
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (ulong)i), consumed);
    }

    // Seeds first..last that count how many were taken and signal when a number was reached.
    private sealed class CountingSeeds(ulong first, ulong last) : IEnumerable<ulong>
    {
        private readonly object _gate = new();
        private readonly Dictionary<int, ManualResetEventSlim> _signals = [];
        private int _taken;

        public int Taken => Volatile.Read(ref _taken);

        public WaitHandle Reached(int count)
        {
            lock (_gate)
            {
                if (!_signals.TryGetValue(count, out ManualResetEventSlim? signal))
                {
                    _signals[count] = signal = new ManualResetEventSlim(_taken >= count);
                }

                return signal.WaitHandle;
            }
        }

        public IEnumerator<ulong> GetEnumerator()
        {
            for (ulong seed = first; seed <= last; seed++)
            {
                lock (_gate)
                {
                    _taken++;
                    foreach ((int count, ManualResetEventSlim signal) in _signals)
                    {
                        if (_taken >= count)
                        {
                            signal.Set();
                        }
                    }
                }

                yield return seed;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
