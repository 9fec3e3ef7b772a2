namespace DmIo.Tests.Reliability;

/// <summary>What one call of a request entry point did: what it threw, or returned, and what its callback saw.</summary>
/// <param name="Thrown">The exception the call threw, or null.</param>
/// <param name="ReturnCode">The return code (or the Task result's), when the call returned.</param>
/// <param name="ErrorBits">The error bits written or reported; <see cref="RequestOutcome.Untouched"/> when a sync call left them.</param>
/// <param name="Callbacks">How many times an async callback ran.</param>
internal sealed record RequestOutcome(Exception? Thrown, int? ReturnCode, ulong? ErrorBits, int Callbacks)
{
    /// <summary>The sentinel a sync call's error bits start from, so "left unwritten" is visible.</summary>
    public const ulong Untouched = 0xBAD0_BAD0;

    public override string ToString() => Thrown is not null
        ? $"threw {Thrown.GetType().Name}({(Thrown as ArgumentException)?.ParamName}): {Thrown.Message}"
        : $"returned {ReturnCode}, bits 0x{ErrorBits:X}, {Callbacks} callback(s)";
}
