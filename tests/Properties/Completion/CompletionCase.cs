namespace DmIo.Properties;

/// <summary>Many concurrent async requests against a tiny io pool, some naming a device that refuses the operation.</summary>
/// <param name="Mode">Simulated or real-thread.</param>
/// <param name="IoCapacity">The client's io pool size (1 to 4, so submitters wait for free io objects).</param>
/// <param name="Requests">Each request: its operation and which of the three devices it names (bit 0 A, bit 1 B, bit 2 C).</param>
/// <param name="Seed">Seeds latency draws.</param>
internal sealed record CompletionCase(RunMode Mode, int IoCapacity, (BioOperation Operation, int Devices)[] Requests, ulong Seed)
{
    /// <summary>Sectors each request owns on each device.</summary>
    public const int SlotSectors = 8;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Mode} pool={IoCapacity} requests={Requests.Length} seed={Seed}: " +
        string.Join(' ', Requests.Take(40).Select((r, i) => $"{i}:{r.Operation.ToShortName()}/{r.Devices}")) + (Requests.Length > 40 ? " ..." : string.Empty);
}
