using System.Buffers.Binary;
using System.Text;
using DmIo.Simulation.Running;

namespace DmIo.Simulation.Export;

/// <summary>
/// Writes the writes, flushes, FUA writes and discards one device completed successfully, in completion order (as
/// dm-log-writes logs them), in the kernel's log format, ending with a mark, so xfstests' <c>replay-log</c> can
/// replay them onto a real device. Reads are not logged; write-zeroes are logged as writes of zeros.
/// </summary>
public static class LogWritesExporter
{
    /// <summary>The text of the mark entry written after the last write: the one the kernel writes when the target is removed.</summary>
    public const string EndMark = "dm-log-writes-end";

    /// <summary>Writes the log of <paramref name="device"/>'s writes.</summary>
    /// <param name="bios">The run's bios, captured with payloads (<see cref="RunOptions.CapturePayloads"/>).</param>
    /// <param name="device">The named device whose writes are logged.</param>
    /// <param name="output">Where the log goes.</param>
    /// <returns>How many entries were written (including the final mark).</returns>
    public static long Write(IReadOnlyList<BioSpan> bios, string device, Stream output)
    {
        ArgumentNullException.ThrowIfNull(bios);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(output);
        var logged = bios.Where(b => b.Device == device && b.Operation != BioOperation.Read && b.CompleteNanoseconds >= 0 && b.Status == BlkStatus.Ok)
            .OrderBy(b => b.CompletionOrder).ToList();
        byte[] sector = new byte[LogWritesFormat.SectorSize];
        output.Write(Super(logged.Count + 1));
        foreach (BioSpan bio in logged)
        {
            bool hasData = bio.Operation is BioOperation.Write or BioOperation.WriteZeroes && bio.Count > 0;
            if (bio.Operation == BioOperation.Write && bio.Count > 0 && bio.Payload is null)
            {
                throw new InvalidOperationException($"Bio {bio.BioId} on '{device}' has no captured payload; run with payload capture.");
            }

            output.Write(Entry(bio.Sector, bio.Count, Flags(bio), 0, []));
            if (hasData)
            {
                output.Write(bio.Operation == BioOperation.Write ? bio.Payload! : new byte[bio.Count * LogWritesFormat.SectorSize]);
            }
        }

        output.Write(Entry(0, 0, LogWritesFormat.MarkFlag, EndMark.Length, Encoding.ASCII.GetBytes(EndMark)));
        return logged.Count + 1;
    }

    private static ulong Flags(BioSpan bio)
    {
        ulong flags = 0;
        flags |= (bio.Flags & BioFlags.Preflush) != 0 ? LogWritesFormat.FlushFlag : 0;
        flags |= (bio.Flags & BioFlags.Fua) != 0 ? LogWritesFormat.FuaFlag : 0;
        flags |= bio.Operation == BioOperation.Discard ? LogWritesFormat.DiscardFlag : 0;
        flags |= (bio.Flags & BioFlags.Meta) != 0 ? LogWritesFormat.MetadataFlag : 0;
        return flags;
    }

    private static byte[] Super(long entries)
    {
        byte[] sector = new byte[LogWritesFormat.SectorSize];
        BinaryPrimitives.WriteUInt64LittleEndian(sector.AsSpan(0), LogWritesFormat.Magic);
        BinaryPrimitives.WriteUInt64LittleEndian(sector.AsSpan(8), LogWritesFormat.Version);
        BinaryPrimitives.WriteUInt64LittleEndian(sector.AsSpan(16), (ulong)entries);
        BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(24), LogWritesFormat.SectorSize);
        return sector;
    }

    private static byte[] Entry(long sector, long count, ulong flags, long dataLength, byte[] inline)
    {
        byte[] entry = new byte[LogWritesFormat.SectorSize];
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(0), (ulong)sector);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(8), (ulong)count);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(16), flags);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(24), (ulong)dataLength);
        inline.CopyTo(entry.AsSpan(32));
        return entry;
    }
}
