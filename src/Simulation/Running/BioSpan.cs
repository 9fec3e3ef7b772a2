using DmIo;

namespace DmIo.Simulation.Running;

/// <summary>
/// One bio as a named scenario device saw it: when it arrived and completed on the virtual clock, with what status,
/// and which request step issued it. Results list these so a timeline can be drawn from a result alone.
/// </summary>
public sealed class BioSpan
{
    /// <summary>The named device the engine submitted the bio to.</summary>
    public required string Device { get; init; }

    /// <summary>The bio's id (the engine's, per client).</summary>
    public required long BioId { get; init; }

    /// <summary>The operation.</summary>
    public required BioOperation Operation { get; init; }

    /// <summary>The flags as the device received them (the block layer strips PREFLUSH/FUA on devices without a volatile cache).</summary>
    public required BioFlags Flags { get; init; }

    /// <summary>First sector.</summary>
    public required long Sector { get; init; }

    /// <summary>Sectors (0 for an empty flush).</summary>
    public required long Count { get; init; }

    /// <summary>Index of the request step that issued it, or -1.</summary>
    public required int Step { get; init; }

    /// <summary>Virtual time of submission.</summary>
    public required long SubmitNanoseconds { get; init; }

    /// <summary>Virtual time of completion, or -1 while in flight.</summary>
    public long CompleteNanoseconds { get; set; } = -1;

    /// <summary>Order of completion among all observed bios (0-based), or -1 while in flight.</summary>
    public long CompletionOrder { get; set; } = -1;

    /// <summary>The completion status.</summary>
    public BlkStatus Status { get; set; }

    /// <summary>
    /// Where the submission falls in the run's one sequence of submissions, completions and <c>mark</c> steps (every
    /// observed device shares it), so an exporter can tell what completed before a flush was submitted.
    /// </summary>
    public long SubmitSequence { get; init; }

    /// <summary>Where the completion falls in that sequence, or -1 while in flight.</summary>
    public long CompleteSequence { get; set; } = -1;

    /// <summary>A write's payload, captured only when the run was asked to (log-writes export).</summary>
    public byte[]? Payload { get; init; }
}
