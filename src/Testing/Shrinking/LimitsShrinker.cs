namespace DmIo.Testing;

/// <summary>Shrinks <see cref="QueueLimits"/> toward <see cref="QueueLimits.Default"/>, one of the generated fields at a time.</summary>
public static class LimitsShrinker
{
    /// <summary>Limits with one more of the fields <see cref="DmIoGen.Limits"/> varies set back to its default; none when all are.</summary>
    /// <param name="limits">The limits to shrink.</param>
    /// <returns>The candidates.</returns>
    public static IEnumerable<QueueLimits> Shrink(QueueLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        QueueLimits d = QueueLimits.Default;
        if (limits.MaxSectors != d.MaxSectors)
        {
            yield return limits with { MaxSectors = d.MaxSectors };
        }

        if (limits.MaxSegments != d.MaxSegments)
        {
            yield return limits with { MaxSegments = d.MaxSegments };
        }

        if (limits.MaxSegmentSize != d.MaxSegmentSize)
        {
            yield return limits with { MaxSegmentSize = d.MaxSegmentSize };
        }

        if (limits.MaxDiscardSectors != d.MaxDiscardSectors)
        {
            yield return limits with { MaxDiscardSectors = d.MaxDiscardSectors };
        }

        if (limits.MaxWriteZeroesSectors != d.MaxWriteZeroesSectors)
        {
            yield return limits with { MaxWriteZeroesSectors = d.MaxWriteZeroesSectors };
        }
    }
}
