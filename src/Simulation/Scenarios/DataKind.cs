namespace DmIo.Simulation.Scenarios;

/// <summary>How a run of bytes is described in a scenario (payloads and data expectations).</summary>
public enum DataKind
{
    /// <summary>Bytes drawn from <c>DeterministicRandom(seed)</c>.</summary>
    Pattern,

    /// <summary>Every byte equal to one value.</summary>
    Fill,

    /// <summary>Explicit bytes given in hex, repeated to the needed length.</summary>
    Hex,

    /// <summary>The payload another request wrote (by its id), for expectations.</summary>
    SameAs,

    /// <summary>A 16-hex-digit FNV-1a digest, for expectations.</summary>
    Digest,
}
