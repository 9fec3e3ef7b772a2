namespace DmIo;

/// <summary>One 4096-byte page of memory, the unit a page list or bio vector points into.</summary>
public sealed class Page
{
    /// <summary>Creates a zeroed page.</summary>
    public Page() => Data = new byte[DmIoConstants.PageSize];

    /// <summary>The page's bytes; always exactly <see cref="DmIoConstants.PageSize"/> long.</summary>
    public byte[] Data { get; }

    /// <summary>The page as memory, for slicing into bio segments.</summary>
    public Memory<byte> Memory => Data;
}
