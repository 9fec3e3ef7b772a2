namespace DmIo.Clients.Logs;

/// <summary>
/// The resync flag a log's table arguments set (6.12 dm-log.c's <c>enum sync</c>): none, <c>sync</c> or <c>nosync</c>.
/// </summary>
public enum DirtyLogSync
{
    /// <summary>No flag (<c>DEFAULTSYNC</c>): resynchronise what the log says is dirty; a disk log keeps its bits.</summary>
    Default,

    /// <summary>The <c>nosync</c> flag (<c>NOSYNC</c>): the legs are known to be in sync, every region starts in sync.</summary>
    NoSync,

    /// <summary>The <c>sync</c> flag (<c>FORCESYNC</c>): resynchronise every region, ignoring what a disk log holds.</summary>
    ForceSync,
}
