namespace DmIo.Testing;

/// <summary>The backends a generated stack can end in.</summary>
public enum LeafKind
{
    /// <summary>A dense <see cref="DmIo.VirtualDevices.MemoryDevice"/>.</summary>
    Memory,

    /// <summary>A <see cref="DmIo.VirtualDevices.SparseMemoryDevice"/>.</summary>
    Sparse,

    /// <summary>An <see cref="DmIo.VirtualDevices.ErrorDevice"/>: fails every bio.</summary>
    Error,
}
