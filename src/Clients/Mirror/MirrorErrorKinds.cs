namespace DmIo.Clients.Mirror;

/// <summary>
/// The kinds of failure a mirror leg has seen, one bit each in the order of Linux 6.12's <c>enum dm_raid1_error</c>
/// (dm-raid1.c). A leg's status character reports the most severe kind it has seen (<see cref="MirrorLeg.HealthChar"/>).
/// </summary>
[Flags]
public enum MirrorErrorKinds
{
    /// <summary>No failure.</summary>
    None = 0,

    /// <summary>A mirrored write failed on the leg (<c>DM_RAID1_WRITE_ERROR</c>, status <c>D</c>).</summary>
    Write = 1 << 0,

    /// <summary>A cache flush the disk log asked for failed on the leg (<c>DM_RAID1_FLUSH_ERROR</c>, status <c>F</c>).</summary>
    Flush = 1 << 1,

    /// <summary>Resynchronising a region to or from the leg failed (<c>DM_RAID1_SYNC_ERROR</c>, status <c>S</c>).</summary>
    Sync = 1 << 2,

    /// <summary>A read from the leg failed (<c>DM_RAID1_READ_ERROR</c>, status <c>R</c>).</summary>
    Read = 1 << 3,
}
