namespace DmIo.Nbd.Protocol;

/// <summary>The magic numbers that start each NBD message on the wire (all big-endian).</summary>
public static class NbdMagic
{
    /// <summary>NBDMAGIC: the first eight bytes a server sends.</summary>
    public const ulong Greeting = 0x4e42444d41474943;

    /// <summary>IHAVEOPT: the newstyle greeting's second word, and the start of every client option.</summary>
    public const ulong Option = 0x49484156454F5054;

    /// <summary>The start of every option reply.</summary>
    public const ulong OptionReply = 0x3e889045565a9;

    /// <summary>The start of every transmission request.</summary>
    public const uint Request = 0x25609513;

    /// <summary>The start of a simple reply.</summary>
    public const uint SimpleReply = 0x67446698;

    /// <summary>The start of a structured reply chunk.</summary>
    public const uint StructuredReply = 0x668e33ef;
}
