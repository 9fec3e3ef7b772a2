namespace DmIo.Cli;

/// <summary>The tool's exit codes.</summary>
public static class ExitCodes
{
    /// <summary>Everything held: every expectation, every replayed line.</summary>
    public const int Success = 0;

    /// <summary>
    /// The run finished but something failed: an expectation, a sweep seed, a replay divergence; or a sweep stopped
    /// before every seed ran (Ctrl-C, <c>--max-failures</c>), so it cannot vouch for the rest.
    /// </summary>
    public const int Failed = 1;

    /// <summary>
    /// Bad input: a malformed scenario, trace or result, a bad option, an output path that cannot be used (nothing
    /// ran); or an output that failed while being written (one line naming the path, or <c>standard output</c>).
    /// </summary>
    public const int BadInput = 2;

    /// <summary>
    /// An internal error: dmio-sim met a case it does not handle (a bug to report). Standard error gets one line
    /// naming the exception; set <c>DMIO_DEBUG=1</c> to get the stack trace too.
    /// </summary>
    public const int InternalError = 3;
}
