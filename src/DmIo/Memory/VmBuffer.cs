namespace DmIo;

/// <summary>
/// A virtually (or, for KMEM, physically) contiguous buffer. <see cref="PageOffset"/> is where the buffer's
/// first byte sits inside its first page (its address modulo the page size), so the cursor crosses page
/// boundaries where vmalloc memory would: the first chunk is <c>4096 - PageOffset</c> bytes, every later one 4096.
/// </summary>
public readonly struct VmBuffer
{
    /// <summary>Wraps <paramref name="data"/>, whose first byte lies <paramref name="pageOffset"/> bytes into a page.</summary>
    /// <param name="data">The buffer's bytes.</param>
    /// <param name="pageOffset">The buffer's address modulo the page size: 0..4095, a multiple of 512.</param>
    public VmBuffer(Memory<byte> data, int pageOffset = 0)
    {
        Data = data;
        PageOffset = pageOffset;
    }

    /// <summary>The buffer's bytes.</summary>
    public Memory<byte> Data { get; }

    /// <summary>The buffer's address modulo the page size.</summary>
    public int PageOffset { get; }
}
