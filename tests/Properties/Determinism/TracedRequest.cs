namespace DmIo.Properties;

/// <summary>One request of a traced run.</summary>
/// <param name="Stack">Which stack.</param>
/// <param name="Operation">Read or write.</param>
/// <param name="Sector">The first sector.</param>
/// <param name="Count">The sector count.</param>
/// <param name="Async">True to submit with a callback and not wait.</param>
internal sealed record TracedRequest(int Stack, BioOperation Operation, long Sector, long Count, bool Async)
{
    /// <inheritdoc />
    public override string ToString() => $"{(Async ? "async" : "sync")} {Operation.ToShortName()} s{Stack}[{Sector}+{Count}]";
}
