namespace DmIo.Clients.Mirror;

/// <summary>
/// What the mirror remembers about one bio it was given (6.12's <c>struct dm_raid1_bio_record</c>, the per-bio data):
/// the region a write counts against, the leg a read went to, and whether a failed read may be retried. It also
/// hears the completion of the clone a read or an out-of-sync write sends straight to a leg.
/// </summary>
internal sealed class MirrorBio : IBioEndIo
{
    private readonly MirrorTarget _owner; // whose end_io runs when the clone completes

    public MirrorBio(MirrorTarget owner, Bio bio)
    {
        _owner = owner;
        Bio = bio;
    }

    /// <summary>The bio the mirror was given; completed exactly once, through <see cref="MirrorTarget"/>'s end_io.</summary>
    public Bio Bio { get; }

    /// <summary>The region a write counts against (<c>write_region</c>), saved at map time for end_io.</summary>
    public long WriteRegion { get; set; }

    /// <summary>The leg the read (or the out-of-sync write) went to.</summary>
    public MirrorLeg? Leg { get; set; }

    /// <summary>
    /// True while a read sent straight to a leg may be retried on another (the kernel's saved <c>details</c>, whose
    /// <c>bi_bdev</c> is non-null only for reads mapped directly from an in-sync region).
    /// </summary>
    public bool Retriable { get; set; }

    /// <summary>The clone of <see cref="Bio"/> sent straight to <see cref="Leg"/> finished.</summary>
    /// <param name="bio">The clone.</param>
    public void EndIo(Bio bio) => _owner.LegCloneDone(this, bio.Status);

    /// <inheritdoc />
    public override string ToString() => $"{Bio} region {WriteRegion} leg {Leg?.Index}";
}
