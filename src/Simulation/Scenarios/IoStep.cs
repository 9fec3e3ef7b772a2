using DmIo;

namespace DmIo.Simulation.Scenarios;

/// <summary>A dm-io request (<c>"do": "io"</c>).</summary>
/// <param name="Index">0-based step index.</param>
/// <param name="Path">JSON path.</param>
/// <param name="Id">The request's id (defaults to <c>r&lt;index&gt;</c>), used by waits and expectations.</param>
/// <param name="Operation">read, write, discard or write_zeroes.</param>
/// <param name="Flags">Flags on every bio.</param>
/// <param name="Regions">The regions, in order.</param>
/// <param name="Memory">The buffer layout.</param>
/// <param name="Async">True for an async request (with a notify callback).</param>
/// <param name="Api">The entry point.</param>
/// <param name="Payload">A write's source bytes, or a read buffer's initial contents; null for the defaults.</param>
/// <param name="Priority">The I/O priority of every bio.</param>
/// <param name="Expect">What the run checks, or null.</param>
public sealed record IoStep(int Index, string Path, string Id, BioOperation Operation, BioFlags Flags, IReadOnlyList<RegionSpec> Regions,
    MemorySpec Memory, bool Async, IoApi Api, DataSpec? Payload, ushort Priority, IoExpectation? Expect) : StepSpec(Index, Path)
{
    /// <inheritdoc />
    public override string Kind => "io";

    /// <summary>The buffer size in bytes: the largest region (writes send the same bytes to every region).</summary>
    public long BufferBytes => Operation.IsDataless() || Regions.Count == 0 ? 0 : Regions.Max(r => r.Count) * DmIoConstants.SectorSize;
}
