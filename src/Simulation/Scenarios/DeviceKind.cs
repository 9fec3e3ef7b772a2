namespace DmIo.Simulation.Scenarios;

/// <summary>What a scenario device is built from.</summary>
public enum DeviceKind
{
    /// <summary>A dense in-memory disk (<c>"backend": "memory"</c>).</summary>
    Memory,

    /// <summary>A sparse in-memory disk, pages allocated on first write (<c>"backend": "sparse"</c>).</summary>
    Sparse,

    /// <summary>A sparse file under a temporary directory the run deletes afterwards (<c>"backend": "file"</c>).</summary>
    File,

    /// <summary>Reads zeros, swallows writes (<c>"backend": "zero"</c>).</summary>
    Zero,

    /// <summary>A dmsetup-style table over other named devices (<c>"table": [...]</c>).</summary>
    Table,
}
