namespace DmIo.Nbd.Exports;

/// <summary>
/// One export as the server offers it: a name, a size, block size constraints, the commands it takes, and a way to
/// start a checked request. The server never calls <see cref="Submit"/> with a request outside the export or longer
/// than <see cref="NbdBlockSizes.Maximum"/>, nor with a command <see cref="Features"/> does not advertise.
/// </summary>
public interface INbdExport
{
    /// <summary>The export's name, as a client asks for it in NBD_OPT_GO or NBD_OPT_INFO.</summary>
    string Name { get; }

    /// <summary>A line of text for NBD_INFO_DESCRIPTION and NBD_OPT_LIST.</summary>
    string Description { get; }

    /// <summary>The export's size in bytes.</summary>
    long SizeBytes { get; }

    /// <summary>The block size constraints sent in NBD_INFO_BLOCK_SIZE.</summary>
    NbdBlockSizes BlockSizes { get; }

    /// <summary>The commands and properties advertised in the transmission flags.</summary>
    NbdExportFeatures Features { get; }

    /// <summary>
    /// Starts <paramref name="io"/>. <paramref name="completion"/> is called exactly once, on any thread, possibly
    /// before this method returns, and must not block: the server only queues the reply there.
    /// </summary>
    /// <param name="io">The checked request.</param>
    /// <param name="buffer">
    /// For a write, the <see cref="NbdIo.Length"/> bytes of its payload; for a read, where the data goes (the same
    /// length); empty for other commands. The export may use it until it calls <paramref name="completion"/>.
    /// </param>
    /// <param name="completion">Who to tell when the request is done.</param>
    void Submit(in NbdIo io, Memory<byte> buffer, INbdCompletion completion);
}
