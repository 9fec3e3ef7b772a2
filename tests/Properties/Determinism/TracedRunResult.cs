using DmIo.FaultInjection;

namespace DmIo.Properties;

/// <summary>What a traced run produced.</summary>
/// <param name="Trace">The trace bytes.</param>
/// <param name="Lines">The trace lines.</param>
/// <param name="Bits">Error bits per request.</param>
/// <param name="Reads">Bytes each read returned (empty for writes).</param>
/// <param name="Faults">The fault decisions.</param>
internal sealed record TracedRunResult(byte[] Trace, IReadOnlyList<string> Lines, ulong[] Bits, byte[][] Reads, IReadOnlyList<FaultDecision> Faults);
