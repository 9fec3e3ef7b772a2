namespace DmIo.VirtualDevices.Tests.Harness;

/// <summary>
/// A test target with every suspend hook: it writes each call to a shared log, and it either completes bios at once
/// with OK or holds them until <see cref="Release"/>. With <see cref="PushBackOnPresuspend"/> its presuspend completes
/// the bios it holds as dm-raid1's <c>hold_bio</c> does: <c>BLK_STS_DM_REQUEUE</c> on a noflush suspend,
/// <c>BLK_STS_IOERR</c> otherwise.
/// </summary>
/// <param name="name">The target's name, which prefixes its log lines.</param>
/// <param name="capacitySectors">Its size.</param>
/// <param name="log">Where hook calls and bio arrivals are written.</param>
public sealed class HookRecordingTarget(string name, long capacitySectors, List<string> log) : IBlockDevice, ISuspendableTarget
{
    private readonly List<Bio> _held = []; // bios waiting for Release, in arrival order

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public long CapacitySectors { get; } = capacitySectors;

    /// <inheritdoc />
    public QueueLimits Limits { get; } = QueueLimits.Default;

    /// <summary>True to hold bios until <see cref="Release"/>; false to complete them at once with OK.</summary>
    public bool Holds { get; set; }

    /// <summary>True to complete held bios in <see cref="Presuspend"/> the way dm-raid1's hold_bio does.</summary>
    public bool PushBackOnPresuspend { get; set; }

    /// <summary>What <see cref="Preresume"/> answers.</summary>
    public int PreresumeAnswer { get; set; }

    /// <summary>Bios held now.</summary>
    public int HeldCount => _held.Count;

    /// <inheritdoc />
    public void Submit(Bio bio)
    {
        log.Add($"{Name}.bio {bio.Operation.ToShortName()} {bio.Sector}+{bio.SectorCount}");
        if (Holds)
        {
            _held.Add(bio);
            return;
        }

        bio.Complete(BlkStatus.Ok);
    }

    /// <summary>Completes every held bio with <paramref name="status"/>, in arrival order.</summary>
    /// <param name="status">The status.</param>
    public void Release(BlkStatus status)
    {
        Bio[] held = [.. _held];
        _held.Clear();
        foreach (Bio bio in held)
        {
            bio.Complete(status);
        }
    }

    /// <inheritdoc />
    public void Presuspend(bool noflush)
    {
        log.Add($"{Name}.presuspend noflush={noflush}");
        if (PushBackOnPresuspend)
        {
            Release(noflush ? BlkStatus.DmRequeue : BlkStatus.IoError);
        }
    }

    /// <inheritdoc />
    public void PresuspendUndo() => log.Add($"{Name}.presuspend_undo");

    /// <inheritdoc />
    public void Postsuspend() => log.Add($"{Name}.postsuspend");

    /// <inheritdoc />
    public int Preresume()
    {
        log.Add($"{Name}.preresume");
        return PreresumeAnswer;
    }

    /// <inheritdoc />
    public void Resume() => log.Add($"{Name}.resume");
}
