namespace DmIo.Properties;

/// <summary>How one request moves its data: memory layout, sync or async, simulated or real-thread mode.</summary>
/// <param name="Layout">The memory layout.</param>
/// <param name="Async">True for a callback request.</param>
/// <param name="Mode">The run mode.</param>
internal sealed record IoStyle(MemoryLayout Layout, bool Async, RunMode Mode)
{
    /// <inheritdoc />
    public override string ToString() => $"{Layout} {(Async ? "async" : "sync")} {Mode}";
}
