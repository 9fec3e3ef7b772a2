namespace DmIo.Clients.Mirror;

/// <summary>
/// The optional features a mirror table line may list after its legs (Linux 6.12's <c>DM_RAID1_HANDLE_ERRORS</c> and
/// <c>DM_RAID1_KEEP_LOG</c> in dm-raid1.c).
/// </summary>
[Flags]
public enum MirrorFeatures
{
    /// <summary>No feature: leg failures are recorded but writes still succeed on the legs that took them.</summary>
    None = 0,

    /// <summary><c>handle_errors</c>: a failed leg is taken out of use and failed writes are held until a suspend.</summary>
    HandleErrors = 1,

    /// <summary><c>keep_log</c>: with <see cref="HandleErrors"/>, keep using the log after a leg failure instead of holding writes.</summary>
    KeepLog = 2,
}
