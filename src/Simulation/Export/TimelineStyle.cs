namespace DmIo.Simulation.Export;

/// <summary>
/// How the timeline marks what a storage engineer looks for: each bio outcome has its own colour and shape, and these
/// colours are the documented ones (docs/SCENARIOS.md) so a reader, or a test looking at pixels, can rely on them.
/// </summary>
internal static class TimelineStyle
{
    /// <summary>A bio that completed ok: a green bar.</summary>
    public const string Ok = "#2e7d32";

    /// <summary>A bio that failed (any error status but not-supported): a red bar with a red cross and its status as a label.</summary>
    public const string Failed = "#d62728";

    /// <summary>A bio the device did not support: an orange bar with an orange diamond and the label <c>notsupp</c>.</summary>
    public const string NotSupported = "#ff8f00";

    /// <summary>A bio still in flight when the run ended: a grey bar to the end of the axis.</summary>
    public const string Pending = "#9e9e9e";

    /// <summary>A fault decision: a purple triangle over the bio it hit.</summary>
    public const string Fault = "#6a1b9a";

    /// <summary>PREFLUSH (a line at the bio's start) and FUA (a line at its end).</summary>
    public const string Flush = "#1565c0";

    /// <summary>The class of a bio status: <c>ok</c>, <c>notsupp</c>, <c>pending</c> or <c>failed</c>.</summary>
    public static string Outcome(ViewBio bio) => bio.Pending ? "pending" : bio.Status switch
    {
        "ok" => "ok",
        "notsupp" => "notsupp",
        _ => "failed",
    };

    /// <summary>The fill of an outcome class.</summary>
    public static string Colour(string outcome) => outcome switch
    {
        "ok" => Ok,
        "notsupp" => NotSupported,
        "pending" => Pending,
        _ => Failed,
    };
}
