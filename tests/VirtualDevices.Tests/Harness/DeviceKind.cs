namespace DmIo.VirtualDevices.Tests.Harness;

/// <summary>Every backend and stacked combination the contract suite runs against.</summary>
public enum DeviceKind
{
    /// <summary>Dense memory, completing inline.</summary>
    Memory,

    /// <summary>Dense memory, completing only when drained (the harness pumps it).</summary>
    MemoryQueued,

    /// <summary>Dense memory, completing on thread-pool threads through the real-time scheduler.</summary>
    MemoryScheduled,

    /// <summary>Sparse memory of 1 TiB.</summary>
    SparseMemory,

    /// <summary>Sparse memory with 4096-byte logical blocks.</summary>
    SparseMemory4K,

    /// <summary>Sparse file of 64 GiB in a temp directory.</summary>
    SparseFile,

    /// <summary>dm-zero: reads zeros, discards writes.</summary>
    Zero,

    /// <summary>A linear window at an offset of a dense memory device.</summary>
    Linear,

    /// <summary>Striped over three dense memory legs, 24-sector chunks (not a power of two).</summary>
    Striped,

    /// <summary>Striped over two 4K sparse memory legs, one without write-zeroes support.</summary>
    Striped4K,

    /// <summary>A three-segment table: linear, striped over queued memory, linear over sparse memory.</summary>
    Table,

    /// <summary>Table → linear → striped → linear → sparse file and queued memory legs.</summary>
    DeepStack,

    /// <summary>A table parsed from dmsetup text over catalogued memory devices.</summary>
    ParsedTable,
}
