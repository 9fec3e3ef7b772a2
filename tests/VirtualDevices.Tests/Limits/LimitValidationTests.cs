namespace DmIo.VirtualDevices.Tests.Limits;

/// <summary>
/// <see cref="LimitValidation"/> against the commit-time rules of 6.12's <c>blk_validate_limits</c>; expected values
/// are worked out by hand.
/// </summary>
public sealed class LimitValidationTests
{
    // What stacking leaves before the commit: sizes as large as the fields allow, 512-byte blocks.
    private static readonly QueueLimits Stacked = new()
    {
        LogicalBlockSize = 512,
        PhysicalBlockSize = 512,
        MaxSectors = 4294967295,
        MaxHwSectors = 4294967295,
        MaxSegments = 65535,
        MaxSegmentSize = 4294967295,
        IoMin = 512,
        DiscardGranularity = 512,
        MaxDiscardSectors = 4294967295,
        MaxWriteZeroesSectors = 0,
    };

    [Fact]
    public void Commit_DerivesMaxSectorsFromMaxHwSectors_CappedAt2560()
    {
        Assert.Equal((2560L, 4294967295L), Sizes(LimitValidation.Commit(Stacked, 0)));
        Assert.Equal((255L, 255L), Sizes(LimitValidation.Commit(Stacked with { MaxSectors = 255, MaxHwSectors = 255 }, 0)));
    }

    [Fact]
    public void Commit_LetsAnIoOptAboveTheCapRaiseMaxSectors_UpToMaxHwSectors()
    {
        Assert.Equal(8192L, LimitValidation.Commit(Stacked with { IoOpt = 4 << 20 }, 0).MaxSectors);
        Assert.Equal(5000L, LimitValidation.Commit(Stacked with { IoOpt = 4 << 20, MaxHwSectors = 5000 }, 0).MaxSectors);
        Assert.Equal(2560L, LimitValidation.Commit(Stacked with { IoOpt = 2560 * 512 }, 0).MaxSectors); // not above the cap
    }

    [Fact]
    public void Commit_LetsAnIoMinAboveTheCapRaiseMaxSectors_WhenIoOptDoesNot()
    {
        Assert.Equal(4096L, LimitValidation.Commit(Stacked with { IoMin = 2 << 20 }, 0).MaxSectors);
        Assert.Equal(8192L, LimitValidation.Commit(Stacked with { IoMin = 2 << 20, IoOpt = 4 << 20 }, 0).MaxSectors);
    }

    [Fact]
    public void Commit_KeepsAnInheritedUserMaxSectors_UnderMaxHwSectors()
    {
        Assert.Equal(8192L, LimitValidation.Commit(Stacked, 8192).MaxSectors);
        Assert.Equal(4000L, LimitValidation.Commit(Stacked with { MaxHwSectors = 4000 }, 8192).MaxSectors);
        Assert.Equal(64L, LimitValidation.Commit(Stacked with { IoOpt = 4 << 20 }, 64).MaxSectors);
    }

    [Fact]
    public void Commit_RoundsMaxSectorsDownToWholeLogicalBlocks()
    {
        QueueLimits fourK = Stacked with { LogicalBlockSize = 4096, PhysicalBlockSize = 4096, MaxHwSectors = 4294967288 };

        Assert.Equal(8184L, LimitValidation.Commit(fourK, 8191).MaxSectors);
    }

    [Fact]
    public void Commit_RaisesIoMinToThePhysicalBlock_AndRoundsIoOptDownToIt()
    {
        QueueLimits committed = LimitValidation.Commit(Stacked with { PhysicalBlockSize = 4096, IoMin = 512, IoOpt = 10000 }, 0);

        Assert.Equal((4096L, 8192L), (committed.IoMin, committed.IoOpt));
    }

    [Fact]
    public void Commit_GivesADiscardingDeviceAGranularityOfAtLeastAPhysicalBlock_AndAnOtherNone()
    {
        Assert.Equal(4096L, LimitValidation.Commit(Stacked with { PhysicalBlockSize = 4096, DiscardGranularity = 512 }, 0).DiscardGranularity);
        Assert.Equal(65536L, LimitValidation.Commit(Stacked with { PhysicalBlockSize = 4096, DiscardGranularity = 65536 }, 0).DiscardGranularity);
        Assert.Equal(0L, LimitValidation.Commit(Stacked with { MaxDiscardSectors = 0 }, 0).DiscardGranularity);
    }

    [Fact]
    public void Commit_DropsFuaWithoutAVolatileCache()
    {
        Assert.False(LimitValidation.Commit(Stacked with { Fua = true }, 0).Fua);
        Assert.True(LimitValidation.Commit(Stacked with { Fua = true, VolatileWriteCache = true }, 0).Fua);
    }

    [Fact]
    public void Commit_WritesAnUnsetMaxHwSectorsOut()
    {
        Assert.Equal(64L, LimitValidation.Commit(Stacked with { MaxSectors = 64, MaxHwSectors = 0 }, 0).MaxHwSectors);
    }

    [Fact]
    public void UserMaxSectors_IsAMaxSectorsTheKernelWouldNotDerive_AndZeroOtherwise()
    {
        Assert.Equal(0L, LimitValidation.UserMaxSectors(Stacked with { MaxSectors = 2560 }));
        Assert.Equal(8192L, LimitValidation.UserMaxSectors(Stacked with { MaxSectors = 8192 }));
        Assert.Equal(64L, LimitValidation.UserMaxSectors(Stacked with { MaxSectors = 64 }));
        Assert.Equal(0L, LimitValidation.UserMaxSectors(Stacked with { MaxSectors = 64, MaxHwSectors = 0 }));
        Assert.Equal(0L, LimitValidation.UserMaxSectors(Stacked with { MaxSectors = 8192, IoOpt = 4 << 20 }));
        Assert.Equal(0L, LimitValidation.UserMaxSectors(Stacked with { LogicalBlockSize = 4096, PhysicalBlockSize = 4096, MaxSectors = 248, MaxHwSectors = 255 }));
    }

    private static (long MaxSectors, long MaxHwSectors) Sizes(QueueLimits limits) => (limits.MaxSectors, limits.MaxHwSectors);
}
