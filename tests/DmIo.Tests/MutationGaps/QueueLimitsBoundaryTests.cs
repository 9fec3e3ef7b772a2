namespace DmIo.Tests.MutationGaps;

/// <summary>Queue limits: the exact validation boundaries and how stacking combines each field.</summary>
public sealed class QueueLimitsBoundaryTests
{
    [Fact]
    public void Default_SupportsFourMebisectorDiscardAndWriteZeroes()
    {
        Assert.Equal(4_194_304L, QueueLimits.Default.MaxDiscardSectors);
        Assert.Equal(4_194_304L, QueueLimits.Default.MaxWriteZeroesSectors);
    }

    [Fact]
    public void Validate_AcceptsTheSmallestLegalValues()
    {
        var smallest = new QueueLimits { MaxSectors = 8, MaxSegments = 1, MaxSegmentSize = 4096, MaxDiscardSectors = 0, MaxWriteZeroesSectors = 0 };
        Assert.Same(smallest, smallest.Validate());
        var equalBlocks = new QueueLimits { LogicalBlockSize = 4096, PhysicalBlockSize = 4096, MaxDiscardSectors = 8, MaxWriteZeroesSectors = 16 };
        Assert.Same(equalBlocks, equalBlocks.Validate());
    }

    [Theory]
    [InlineData(nameof(QueueLimits.PhysicalBlockSize))]
    [InlineData(nameof(QueueLimits.MaxSegments))]
    [InlineData(nameof(QueueLimits.MaxSegmentSize))]
    [InlineData(nameof(QueueLimits.MaxDiscardSectors))]
    [InlineData(nameof(QueueLimits.MaxWriteZeroesSectors))]
    public void Validate_RejectsJustPastTheBoundary_NamingTheField(string field)
    {
        QueueLimits bad = field switch
        {
            nameof(QueueLimits.PhysicalBlockSize) => new QueueLimits { LogicalBlockSize = 1024, PhysicalBlockSize = 512 },
            nameof(QueueLimits.MaxSegments) => new QueueLimits { MaxSegments = 0 },
            nameof(QueueLimits.MaxSegmentSize) => new QueueLimits { MaxSegmentSize = 4095 },
            nameof(QueueLimits.MaxDiscardSectors) => new QueueLimits { LogicalBlockSize = 4096, PhysicalBlockSize = 4096, MaxDiscardSectors = 12 },
            _ => new QueueLimits { LogicalBlockSize = 4096, PhysicalBlockSize = 4096, MaxWriteZeroesSectors = 12 },
        };

        var e = Assert.Throws<ArgumentException>(() => bad.Validate("limits"));
        Assert.StartsWith(field, e.Message, StringComparison.Ordinal);
        Assert.Equal("limits", e.ParamName);
    }

    [Theory]
    [InlineData(1536)]
    [InlineData(0)]
    [InlineData(-512)]
    public void Validate_RejectsPhysicalBlockSizesThatAreNotPowersOfTwo(int physical)
    {
        Assert.Throws<ArgumentException>(() => new QueueLimits { PhysicalBlockSize = physical }.Validate());
    }

    [Fact]
    public void Validate_RejectsNegativeDiscardAndWriteZeroesLimits()
    {
        Assert.Throws<ArgumentException>(() => new QueueLimits { MaxDiscardSectors = -8 }.Validate());
        Assert.Throws<ArgumentException>(() => new QueueLimits { MaxWriteZeroesSectors = -8 }.Validate());
    }

    [Fact]
    public void Stack_TakesLargerBlockSizes_SmallerSizeLimits_AndEitherSidesCache()
    {
        var top = new QueueLimits
        {
            LogicalBlockSize = 512, PhysicalBlockSize = 4096, MaxSectors = 64, MaxSegments = 200, MaxSegmentSize = 8192,
            MaxDiscardSectors = 100, MaxWriteZeroesSectors = 8, VolatileWriteCache = true, Fua = false,
        };
        var bottom = new QueueLimits
        {
            LogicalBlockSize = 1024, PhysicalBlockSize = 1024, MaxSectors = 128, MaxSegments = 100, MaxSegmentSize = 65536,
            MaxDiscardSectors = 50, MaxWriteZeroesSectors = 16, VolatileWriteCache = false, Fua = true,
        };

        QueueLimits s = QueueLimits.Stack(top, bottom);

        Assert.Equal((1024, 4096, 64, 100, 8192, 50L, 8L, true, true),
            (s.LogicalBlockSize, s.PhysicalBlockSize, s.MaxSectors, s.MaxSegments, s.MaxSegmentSize, s.MaxDiscardSectors, s.MaxWriteZeroesSectors, s.VolatileWriteCache, s.Fua));
        QueueLimits neither = QueueLimits.Stack(new QueueLimits(), new QueueLimits());
        Assert.False(neither.VolatileWriteCache || neither.Fua);
    }
}
