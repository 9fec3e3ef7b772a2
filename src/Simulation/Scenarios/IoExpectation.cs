namespace DmIo.Simulation.Scenarios;

/// <summary>What a request step expects; every field left null is not checked.</summary>
/// <param name="ReturnCode">The return code of the submitting call (sync: the result; async: 0 or -EIO for a refused read).</param>
/// <param name="ErrorBits">The error bits (sync: as stored; async: as passed to notify).</param>
/// <param name="Rejected">True when the engine must refuse the request with an argument error before any I/O.</param>
/// <param name="Data">The bytes a read must leave in the buffer.</param>
/// <param name="NotifyCalls">How many times an async request's notify must run (the kernel: exactly once).</param>
/// <param name="NotifiedBeforeReturn">Whether the notify must have run before the submitting call returned.</param>
public sealed record IoExpectation(int? ReturnCode, ulong? ErrorBits, bool? Rejected, DataSpec? Data, int? NotifyCalls, bool? NotifiedBeforeReturn);
