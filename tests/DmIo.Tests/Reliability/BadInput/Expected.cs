namespace DmIo.Tests.Reliability;

/// <summary>The outcome a bad request must have at one entry point.</summary>
/// <param name="Kind">throws, fails, refused or no-op.</param>
/// <param name="Exception">The exception type, for throws.</param>
/// <param name="Param">The parameter the exception must name, for throws.</param>
/// <param name="Fragment">Text the message must contain, for throws.</param>
/// <param name="Bits">The error bits, for fails.</param>
internal sealed record Expected(string Kind, Type? Exception, string? Param, string? Fragment, ulong Bits)
{
    public static Expected Throws<T>(string param, string fragment)
        where T : Exception => new("throws", typeof(T), param, fragment, 0);

    public static Expected Fails(ulong bits) => new("fails", null, null, null, bits);

    public static Expected Refused() => new("refused", null, null, null, 1);

    public static Expected NoOp() => new("no-op", null, null, null, 0);

    /// <summary>A problem description when <paramref name="actual"/> is not this outcome at <paramref name="entry"/>, else null.</summary>
    public string? Mismatch(RequestOutcome actual, RequestEntryPoint entry)
    {
        switch (Kind)
        {
            case "throws":
                if (actual.Thrown is null || actual.Thrown.GetType() != Exception)
                {
                    return $"expected {Exception!.Name}({Param}) containing \"{Fragment}\", got {actual}";
                }

                string? param = (actual.Thrown as ArgumentException)?.ParamName;
                if (param != Param || !actual.Thrown.Message.Contains(Fragment!, StringComparison.Ordinal))
                {
                    return $"expected {Exception.Name}({Param}) containing \"{Fragment}\", got {actual}";
                }

                return actual.Callbacks == 0 ? null : $"threw but also ran the callback {actual.Callbacks} time(s)";
            case "fails":
                // The I/O was issued, so a callback caller gets 0 back and the bits later; sync and Task callers get -EIO.
                int rc = entry.Async && !entry.IsTask ? 0 : -Errno.EIO;
                return actual.Thrown is null && actual.ReturnCode == rc && actual.ErrorBits == Bits && actual.Callbacks == (entry.Async ? 1 : 0)
                    ? null
                    : $"expected rc {rc} with bits 0x{Bits:X} ({(entry.Async ? "one callback" : "no callback")}), got {actual}";
            case "refused":
                // Sync leaves the bits unwritten. The seed's legacy async entry points report bit 0 through exactly one
                // callback; 6.12's unified dm_io() refuses before splitting sync from async, so no callback (and the
                // Task API's result carries no bits).
                bool callsBack = entry.Async && entry.Legacy;
                ulong? bits = callsBack ? 1 : entry.IsTask ? 0 : entry.Async ? null : RequestOutcome.Untouched;
                int callbacks = callsBack || entry.IsTask ? 1 : 0; // a Task caller's one "callback" is the task's result
                return actual.Thrown is null && actual.ReturnCode == -Errno.EIO && actual.ErrorBits == bits && actual.Callbacks == callbacks
                    ? null
                    : $"expected the multi-region read refused (rc -EIO, bits 0x{bits:X}), got {actual}";
            default:
                return actual.Thrown is null && actual.ReturnCode == 0 && actual.ErrorBits == 0 && actual.Callbacks == (entry.Async ? 1 : 0)
                    ? null
                    : $"expected rc 0, bits 0 and no I/O, got {actual}";
        }
    }

    public override string ToString() => Kind switch
    {
        "throws" => $"{Exception!.Name}({Param})",
        "fails" => $"region fails: rc -EIO (async: 0, then callback(0x{Bits:X})), bits 0x{Bits:X}; no bio reaches the device",
        "refused" => "rc -EIO before any I/O (legacy async: callback(1); unified: no callback)",
        _ => "rc 0, no I/O",
    };
}
