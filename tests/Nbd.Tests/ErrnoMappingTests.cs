using DmIo.Nbd.Protocol;

namespace DmIo.Nbd.Tests;

/// <summary>The table from an export's Linux errno to the few values the protocol allows on the wire.</summary>
public sealed class ErrnoMappingTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 5)]
    [InlineData(12, 12)]
    [InlineData(22, 22)]
    [InlineData(28, 28)]
    [InlineData(75, 75)]
    [InlineData(95, 95)]
    [InlineData(108, 108)]
    [InlineData(30, 1)]
    [InlineData(122, 28)]
    [InlineData(27, 28)]
    [InlineData(61, 5)]
    [InlineData(110, 5)]
    [InlineData(78, 5)]
    [InlineData(2, 5)]
    [InlineData(-5, 5)]
    public void LinuxErrno_MapsToTheWireErrno(int linux, int wire)
    {
        Assert.Equal(wire, NbdErrnoMapping.ToWire(linux));
    }
}
