using DmIo.Nbd.Server;

namespace DmIo.Nbd.Tests;

/// <summary>The server's payload buffer pool.</summary>
public sealed class PayloadPoolTests
{
    [Theory]
    [InlineData(1, 4096)]
    [InlineData(4096, 4096)]
    [InlineData(4097, 8192)]
    [InlineData(262144, 262144)]
    [InlineData(262145, 524288)]
    public void Rent_GivesAPowerOfTwoAtLeastTheLength(int length, int size)
    {
        var pool = new NbdPayloadPool();

        Assert.Equal(size, pool.Rent(length).Length);
    }

    [Fact]
    public void Return_KeepsTheBufferForTheNextRentOfItsSize()
    {
        var pool = new NbdPayloadPool();
        byte[] first = pool.Rent(200000);

        pool.Return(first);

        Assert.Same(first, pool.Rent(262144));
        Assert.NotSame(first, pool.Rent(262144));
    }

    [Fact]
    public void Return_DropsBuffersPastTheSizesBudget()
    {
        var pool = new NbdPayloadPool();
        var rented = Enumerable.Range(0, 5).Select(_ => pool.Rent(64 << 20)).ToList();

        rented.ForEach(pool.Return);
        var again = Enumerable.Range(0, 5).Select(_ => pool.Rent(64 << 20)).ToList();

        Assert.Equal(2, again.Count(buffer => rented.Contains(buffer)));
    }
}
