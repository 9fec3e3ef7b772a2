namespace DmIo.Tests;

/// <summary>
/// Issue 14: a bio's second owner field, where the engine keeps the region number, is set only by the bio's owner
/// (its completion handler), so a device a bio is submitted to cannot make its submitter charge the wrong region.
/// </summary>
public sealed class BioOwnershipTests
{
    [Fact]
    public void TheOwner_SetsPrivateIndex()
    {
        var owner = new BioEndIoAction(static _ => { });
        var bio = new Bio();
        bio.Init(BioOperation.Write, BioFlags.None, 0, owner);

        bio.SetPrivateIndex(owner, 7);

        Assert.Equal(7, bio.PrivateIndex);
    }

    [Fact]
    public void ADeviceThatReceivedTheBio_CannotSetPrivateIndex()
    {
        var submitter = new BioEndIoAction(static _ => { });
        var device = new BioEndIoAction(static _ => { }); // the device's own completion handler, for the bios it issues
        var bio = new Bio();
        bio.Init(BioOperation.Write, BioFlags.None, 0, submitter);
        bio.SetPrivateIndex(submitter, 3);

        var refused = Assert.Throws<InvalidOperationException>(() => bio.SetPrivateIndex(device, 0));

        Assert.Contains("Only the owner", refused.Message, StringComparison.Ordinal);
        Assert.Equal(3, bio.PrivateIndex); // unchanged
    }

    [Fact]
    public void ANewLife_StartsAtZero_AndANewOwnerMaySetIt()
    {
        var first = new BioEndIoAction(static _ => { });
        var second = new BioEndIoAction(static _ => { });
        var bio = new Bio();
        bio.Init(BioOperation.Read, BioFlags.None, 0, first);
        bio.SetPrivateIndex(first, 5);

        bio.Init(BioOperation.Read, BioFlags.None, 0, second);

        Assert.Equal(0, bio.PrivateIndex);
        Assert.Throws<InvalidOperationException>(() => bio.SetPrivateIndex(first, 1));
        bio.SetPrivateIndex(second, 1);
        Assert.Equal(1, bio.PrivateIndex);
    }
}
