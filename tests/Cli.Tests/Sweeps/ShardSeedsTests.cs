using DmIo.Simulation.Sweeps;

namespace DmIo.Cli.Tests.Sweeps;

public sealed class ShardSeedsTests
{
    public static TheoryData<ulong, ulong, int, int> Cases => new()
    {
        { 1, 30, 1, 3 }, { 1, 30, 2, 3 }, { 1, 30, 3, 3 }, { 0, 0, 1, 1 }, { 0, 0, 2, 2 }, { 5, 5, 1, 4 }, { 5, 5, 2, 4 },
        { 7, 8, 3, 7 }, { 0, 99, 1, 1 }, { 3, 1000, 5, 13 }, { ulong.MaxValue - 20, ulong.MaxValue, 4, 6 }, { ulong.MaxValue, ulong.MaxValue, 1, 2 },
        { ulong.MaxValue - 9, ulong.MaxValue, 10, 10 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SeedsAndSeedCount_AgreeWithFilteringEverySeed(ulong first, ulong last, int index, int count)
    {
        var shard = new Shard(index, count);
        var range = new SeedRange(first, last);
        var expected = new List<ulong>();
        for (ulong seed = first; ; seed++)
        {
            if (shard.Contains(seed))
            {
                expected.Add(seed);
            }

            if (seed == last)
            {
                break;
            }
        }

        Assert.Equal(expected, shard.Seeds(range));
        Assert.Equal((ulong)expected.Count, shard.SeedCount(range));
    }

    [Fact]
    public void SeedsOfAHugeRange_AreProducedOneAtATime()
    {
        var range = new SeedRange(1, 100_000_000_000);
        var shard = new Shard(2, 3);

        // Counting is arithmetic and the first seeds come without the rest being built.
        Assert.Equal(33_333_333_334UL, shard.SeedCount(range));
        Assert.Equal([1UL, 4, 7], shard.Seeds(range).Take(3));
    }
}
