namespace DmIo.VirtualDevices.Tests.Reliability;

/// <summary>Every device's size in bytes must fit in a long, whatever backend it is.</summary>
public sealed class CapacityOverflowTests
{
    private const long TooManySectors = (long.MaxValue >> DmIoConstants.SectorShift) + 1;

    [Fact]
    public void ZeroDevice_WithCapacityPast2To63Bytes_IsRejectedNamingTheParameter() =>
        Assert.Equal("capacitySectors", Assert.Throws<ArgumentOutOfRangeException>(() => new ZeroDevice("z", TooManySectors)).ParamName);

    [Fact]
    public void ErrorDevice_WithCapacityPast2To63Bytes_IsRejectedNamingTheParameter() =>
        Assert.Equal("capacitySectors", Assert.Throws<ArgumentOutOfRangeException>(() => new ErrorDevice("e", TooManySectors)).ParamName);

    [Fact]
    public void ZeroDevice_AtTheLargestCapacity_IsAccepted() =>
        Assert.Equal(TooManySectors - 1, new ZeroDevice("z", TooManySectors - 1).CapacitySectors);
}
