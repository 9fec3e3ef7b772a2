namespace DmIo.FaultInjection;

/// <summary>What a power loss did to one volatile (unflushed, non-FUA) write.</summary>
public enum CrashFate
{
    /// <summary>None of it reached stable media.</summary>
    Lost,

    /// <summary>All of it reached stable media before power went.</summary>
    Kept,

    /// <summary>Its leading sectors reached stable media, the rest did not (a torn write, split at a sector boundary).</summary>
    Torn,
}
