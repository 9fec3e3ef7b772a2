namespace DmIo.Tests.MutationGaps;

/// <summary>The simulation's only random source must be exactly xoshiro256** seeded by splitmix64, and its helpers unbiased and in range.</summary>
public sealed class DeterministicRandomTests
{
    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(42UL)]
    [InlineData(ulong.MaxValue)]
    public void NextUInt64_MatchesReferenceXoshiro256StarStar(ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var reference = new ReferenceXoshiro(seed);
        for (int i = 0; i < 100; i++)
        {
            ulong expected = reference.Next();
            ulong actual = random.NextUInt64();
            Assert.True(expected == actual, $"seed {seed}, draw {i}: expected 0x{expected:X16}, got 0x{actual:X16}");
        }

        Assert.Equal(seed, random.Seed);
    }

    [Fact]
    public void NextBytes_IsLittleEndianDrawsWithATruncatedTail()
    {
        var reference = new ReferenceXoshiro(7);
        byte[] expected = new byte[19];
        for (int at = 0; at < expected.Length; at += 8)
        {
            ulong r = reference.Next();
            for (int i = 0; i < 8 && at + i < expected.Length; i++)
            {
                expected[at + i] = (byte)(r >> (8 * i));
            }
        }

        byte[] actual = new byte[19];
        new DeterministicRandom(7).NextBytes(actual);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 8)]
    [InlineData(1, 8)]
    [InlineData(3, 4099)]
    public void NextBytes_AnyLengthAndAlignment_MatchesTheReference_AndLeavesTheGeneratorAfterItsDraws(int offset, int length)
    {
        var reference = new ReferenceXoshiro(11);
        byte[] expected = new byte[length];
        for (int at = 0; at < length; at += 8)
        {
            ulong r = reference.Next();
            for (int i = 0; i < 8 && at + i < length; i++)
            {
                expected[at + i] = (byte)(r >> (8 * i));
            }
        }

        var random = new DeterministicRandom(11);
        byte[] buffer = new byte[offset + length];
        random.NextBytes(buffer.AsSpan(offset, length));

        Assert.Equal(expected, buffer[offset..]);
        ulong[] referenceAfter = [reference.Next(), reference.Next(), reference.Next(), reference.Next()];
        ulong[] after = [random.NextUInt64(), random.NextUInt64(), random.NextUInt64(), random.NextUInt64()];
        Assert.Equal(referenceAfter, after);
    }

    [Fact]
    public void NextBelow_RejectsTheBiasedLowRange_AndReturnsTheRemainder()
    {
        // For bound 3 the threshold is (2^64 - 3) % 3 = 1: a raw draw of 0 would be rejected; others map to r % 3.
        var reference = new ReferenceXoshiro(99);
        var random = new DeterministicRandom(99);
        for (int i = 0; i < 50; i++)
        {
            ulong r = reference.Next();
            Assert.Equal(r % 3, random.NextBelow(3));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextBelow(0));
    }

    [Fact]
    public void NextInRange_StaysInsideTheBounds_AndRejectsAnEmptyRange()
    {
        var random = new DeterministicRandom(5);
        var seen = new HashSet<long>();
        for (int i = 0; i < 2000; i++)
        {
            long v = random.NextInRange(-3, 4);
            Assert.InRange(v, -3, 3);
            seen.Add(v);
        }

        Assert.Equal(7, seen.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInRange(4, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInRange(5, 4));
    }

    [Fact]
    public void NextDouble_IsTheTop53BitsScaledIntoUnitInterval()
    {
        var reference = new ReferenceXoshiro(11);
        var random = new DeterministicRandom(11);
        for (int i = 0; i < 50; i++)
        {
            double expected = (reference.Next() >> 11) / 9007199254740992.0;
            double actual = random.NextDouble();
            Assert.Equal(expected, actual);
            Assert.InRange(actual, 0.0, 0.9999999999999999);
        }
    }
}
