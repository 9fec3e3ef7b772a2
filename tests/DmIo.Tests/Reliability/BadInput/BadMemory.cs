namespace DmIo.Tests.Reliability;

/// <summary>Which way a request's memory is wrong (or not).</summary>
internal enum BadMemory
{
    /// <summary>Exactly one page: right for an 8-sector region.</summary>
    Good,

    /// <summary>A null page list or vector array; an empty buffer for the contiguous kinds, which cannot be null.</summary>
    Null,

    /// <summary>One sector (or one byte, for the contiguous kinds) short of an 8-sector region.</summary>
    Short,

    /// <summary>An offset (or vector length) that is not a multiple of 512.</summary>
    Misaligned,

    /// <summary>No memory at all (<see cref="DmIoMemory.None"/>), for a data operation.</summary>
    None,
}
