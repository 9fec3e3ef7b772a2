namespace DmIo.Properties;

/// <summary>What one dm-io request returned.</summary>
/// <param name="ReturnCode">The return code (sync) or the callback's implied code (async: 0 or -EIO).</param>
/// <param name="ErrorBits">The error bits.</param>
/// <param name="Callbacks">How many times the async callback ran (0 for sync requests).</param>
internal readonly record struct RequestOutcome(int ReturnCode, ulong ErrorBits, int Callbacks);
