using System.Numerics;

namespace DmIo.FaultInjection.Tests.Tracing;

/// <summary>
/// <see cref="DataDigest"/> skips zero runs with arithmetic; every digest must still equal plain FNV-1a 64 taken one
/// byte at a time, written out here so the test does not lean on the code under test.
/// </summary>
public sealed class DataDigestTests
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    [Theory]
    [InlineData("", "cbf29ce484222325")]
    [InlineData("a", "af63dc4c8601ec8c")]
    [InlineData("foobar", "85944171f73967e8")]
    public void Of_PublishedTestVectors_MatchFnv1a64(string text, string expected) =>
        Assert.Equal(expected, DataDigest.Of(System.Text.Encoding.ASCII.GetBytes(text)));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(4099)]
    [InlineData(1 << 20)]
    public void Append_OfOnlyZeros_EqualsTheByteLoop(int length)
    {
        byte[] zeros = new byte[length];

        Assert.Equal(Reference(OffsetBasis, zeros).ToString("x16"), DataDigest.Append(OffsetBasis, zeros).ToString("x16"));
    }

    [Fact]
    public void Append_OfDataWithZeroRunsOfEveryShape_EqualsTheByteLoop()
    {
        var random = new Random(13);
        for (int trial = 0; trial < 400; trial++)
        {
            byte[] data = new byte[random.Next(0, 3000)];
            random.NextBytes(data);
            for (int run = random.Next(0, 6); run > 0 && data.Length > 0; run--)
            {
                // Zero runs short and long, aligned and not, at the start, the end and inside.
                int start = random.Next(0, data.Length);
                int length = Math.Min(data.Length - start, random.Next(4) switch { 0 => random.Next(1, 8), 1 => 64, 2 => random.Next(60, 200), _ => random.Next(200, 2000) });
                data.AsSpan(start, length).Clear();
            }

            ulong seed = trial % 2 == 0 ? OffsetBasis : (ulong)random.NextInt64();
            ulong expected = Reference(seed, data);
            ulong actual = DataDigest.Append(seed, data);
            Assert.True(expected == actual, $"trial {trial}: {data.Length} bytes, zeros at [{ZeroRuns(data)}]: expected {expected:x16}, got {actual:x16}");
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(2L)]
    [InlineData(4096L)]
    [InlineData(1_048_583L)]
    public void AppendZeros_EqualsTheByteLoopOverThatManyZeros(long count)
    {
        ulong start = 0x0123456789abcdefUL;

        Assert.Equal(Reference(start, new byte[count]).ToString("x16"), DataDigest.AppendZeros(start, count).ToString("x16"));
    }

    [Theory]
    [InlineData(1L << 40)]
    [InlineData((1L << 40) + 12345)]
    [InlineData(long.MaxValue)]
    public void AppendZeros_OfTerabytes_IsTheHashTimesPrimeToThePowerOfTheCount(long count)
    {
        // Too many zeros for the byte loop: check against prime^count mod 2^64 from BigInteger instead.
        ulong start = 0xfedcba9876543210UL;
        var power = (ulong)BigInteger.ModPow(Prime, count, BigInteger.One << 64);

        Assert.Equal((start * power).ToString("x16"), DataDigest.AppendZeros(start, count).ToString("x16"));
    }

    private static ulong Reference(ulong hash, ReadOnlySpan<byte> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            hash ^= data[i];
            hash *= Prime;
        }

        return hash;
    }

    private static string ZeroRuns(byte[] data)
    {
        var runs = new List<string>();
        for (int i = 0; i < data.Length;)
        {
            int j = i;
            while (j < data.Length && data[j] == 0)
            {
                j++;
            }

            if (j - i >= 8)
            {
                runs.Add($"{i}+{j - i}");
            }

            i = Math.Max(j, i + 1);
        }

        return string.Join(", ", runs);
    }
}
