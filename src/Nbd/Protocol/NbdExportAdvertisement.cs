using DmIo.Nbd.Exports;

namespace DmIo.Nbd.Protocol;

/// <summary>What the server tells clients about one export: its transmission flags and its block sizes.</summary>
public static class NbdExportAdvertisement
{
    /// <summary>The transmission flags for <paramref name="features"/>: HAS_FLAGS always, then one per feature.</summary>
    /// <param name="features">What the export supports.</param>
    /// <returns>The flags sent in NBD_INFO_EXPORT or after NBD_OPT_EXPORT_NAME.</returns>
    public static NbdTransmissionFlags FlagsFor(NbdExportFeatures features)
    {
        var flags = NbdTransmissionFlags.HasFlags;
        if (features.HasFlag(NbdExportFeatures.ReadOnly)) { flags |= NbdTransmissionFlags.ReadOnly; }
        if (features.HasFlag(NbdExportFeatures.Flush)) { flags |= NbdTransmissionFlags.SendFlush; }
        if (features.HasFlag(NbdExportFeatures.Fua)) { flags |= NbdTransmissionFlags.SendFua; }
        if (features.HasFlag(NbdExportFeatures.Rotational)) { flags |= NbdTransmissionFlags.Rotational; }
        if (features.HasFlag(NbdExportFeatures.Trim)) { flags |= NbdTransmissionFlags.SendTrim; }
        if (features.HasFlag(NbdExportFeatures.WriteZeroes)) { flags |= NbdTransmissionFlags.SendWriteZeroes; }
        if (features.HasFlag(NbdExportFeatures.MultiConn)) { flags |= NbdTransmissionFlags.CanMultiConn; }
        return flags;
    }

    /// <summary>
    /// The block sizes sent for an export: its own, with the maximum lowered to <paramref name="maxPayloadBytes"/>
    /// (rounded down to a multiple of the minimum) so a client never sends more than the server takes.
    /// </summary>
    /// <param name="exportSizes">The export's own constraints.</param>
    /// <param name="maxPayloadBytes">The server's payload limit.</param>
    /// <returns>The sizes sent in NBD_INFO_BLOCK_SIZE, whose maximum is also the payload limit enforced.</returns>
    public static NbdBlockSizes BlockSizesFor(NbdBlockSizes exportSizes, uint maxPayloadBytes)
    {
        uint minimum = Math.Max(1u, exportSizes.Minimum);
        uint maximum = Math.Min(exportSizes.Maximum, maxPayloadBytes);
        maximum = Math.Max(minimum, maximum - (maximum % minimum));
        return new NbdBlockSizes(minimum, exportSizes.Preferred, maximum);
    }
}
