namespace DmIo.VirtualDevices;

/// <summary>
/// Receives one allocated extent of a store from <see cref="StorageDeviceBase.VisitAllocatedExtents"/>: the bytes the
/// device holds from <paramref name="offset"/> on. The span is only valid during the call.
/// </summary>
/// <param name="offset">The extent's first byte on the device.</param>
/// <param name="bytes">Its contents (which may include zeros).</param>
public delegate void AllocatedExtentVisitor(long offset, ReadOnlySpan<byte> bytes);
