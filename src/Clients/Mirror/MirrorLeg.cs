namespace DmIo.Clients.Mirror;

/// <summary>
/// One leg of a mirror (Linux 6.12's <c>struct mirror</c>): a device, the sector the mirror starts at on it, and what
/// has gone wrong with it since the table was loaded or the last complete resynchronisation.
/// </summary>
public sealed class MirrorLeg
{
    internal MirrorLeg(int index, IBlockDevice device, long offset)
    {
        Index = index;
        Device = device;
        Offset = offset;
    }

    /// <summary>The leg's position in the table line, from 0.</summary>
    public int Index { get; }

    /// <summary>The leg's device.</summary>
    public IBlockDevice Device { get; }

    /// <summary>The sector on <see cref="Device"/> where the mirror's sector 0 lives.</summary>
    public long Offset { get; }

    /// <summary>
    /// How many failures the leg has seen (<c>error_count</c>). The kernel only asks whether it is zero: a leg with
    /// failures is never chosen for reads or as the new default leg.
    /// </summary>
    public int ErrorCount { get; internal set; }

    /// <summary>The kinds of failure the leg has seen (<c>error_type</c>).</summary>
    public MirrorErrorKinds Errors { get; internal set; }

    /// <summary>
    /// The leg's character in the mirror's status, as 6.12's <c>device_status_char</c>: <c>A</c> alive, else the most
    /// severe kind seen: <c>F</c> flush, <c>D</c> write, <c>S</c> sync, <c>R</c> read, <c>U</c> unknown.
    /// </summary>
    public char HealthChar =>
        ErrorCount == 0 ? 'A'
        : (Errors & MirrorErrorKinds.Flush) != 0 ? 'F'
        : (Errors & MirrorErrorKinds.Write) != 0 ? 'D'
        : (Errors & MirrorErrorKinds.Sync) != 0 ? 'S'
        : (Errors & MirrorErrorKinds.Read) != 0 ? 'R'
        : 'U';

    /// <inheritdoc />
    public override string ToString() => $"leg {Index} {Device.Name}+{Offset} {HealthChar}";
}
