namespace DmIo.FaultInjection;

/// <summary>
/// The kernel's <c>error</c> target: every bio fails with an I/O error, inline. Table syntax:
/// <c>&lt;start&gt; &lt;length&gt; error</c>. It stands in for a dead disk.
/// </summary>
public sealed class ErrorDevice : IBlockDevice
{
    /// <summary>Creates an error device of <paramref name="capacitySectors"/> sectors.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="capacitySectors">Its size in sectors; positive.</param>
    /// <param name="limits">Its queue limits; <see cref="QueueLimits.Default"/> when null.</param>
    public ErrorDevice(string name, long capacitySectors, QueueLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacitySectors, 1);
        Name = name;
        CapacitySectors = capacitySectors;
        Limits = (limits ?? QueueLimits.Default).Validate(nameof(limits));
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long CapacitySectors { get; }

    /// <inheritdoc />
    public QueueLimits Limits { get; }

    /// <summary>Bios failed so far.</summary>
    public long BiosFailed => Interlocked.Read(ref _biosFailed);

    private long _biosFailed; // count of bios failed, for reports

    /// <inheritdoc />
    public void Submit(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        Interlocked.Increment(ref _biosFailed);
        bio.Complete(BlkStatus.IoError);
    }
}
