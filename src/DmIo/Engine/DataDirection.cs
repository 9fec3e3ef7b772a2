namespace DmIo;

/// <summary>The legacy API's <c>rw</c> argument: which way data moves.</summary>
public enum DataDirection : byte
{
    /// <summary>Read from the device into memory (<c>READ</c>).</summary>
    Read = 0,

    /// <summary>Write memory to the device (<c>WRITE</c>).</summary>
    Write = 1,
}
