namespace DmIo.Tests.Limits;

/// <summary><c>chunk_sectors</c> as 6.12 allows it: any size (dm-stripe's chunk need not be a power of two), up to 32 bits.</summary>
public sealed class ChunkSectorsValidationTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(24L)]
    [InlineData(4294967295L)]
    public void Validate_AcceptsAnyChunkSizeUpTo32Bits(long chunk)
    {
        var limits = new QueueLimits { ChunkSectors = chunk };

        Assert.Same(limits, limits.Validate());
    }

    [Theory]
    [InlineData(-8L)]
    [InlineData(4294967296L)]
    public void Validate_RejectsANegativeOrTooLargeChunkSize_NamingIt(long chunk)
    {
        var e = Assert.Throws<ArgumentException>(() => new QueueLimits { ChunkSectors = chunk }.Validate("limits"));

        Assert.StartsWith(nameof(QueueLimits.ChunkSectors), e.Message, StringComparison.Ordinal);
    }
}
