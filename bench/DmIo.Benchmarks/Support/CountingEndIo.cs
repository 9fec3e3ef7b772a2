namespace DmIo.Benchmarks.Support;

/// <summary>
/// A completion sink for bios a benchmark submits itself: it only counts, so a direct device submission
/// measures the device and the block layer, not an owner's bookkeeping.
/// </summary>
public sealed class CountingEndIo : IBioEndIo
{
    /// <summary>Bios completed so far.</summary>
    public long Completed { get; private set; }

    /// <summary>Bios that completed with a status other than OK.</summary>
    public long Failed { get; private set; }

    /// <inheritdoc />
    public void EndIo(Bio bio)
    {
        Completed++;
        if (bio.Status != BlkStatus.Ok)
        {
            Failed++;
        }
    }
}
