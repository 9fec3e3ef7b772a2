using System.Buffers.Binary;
using System.Text;
using DmIo.Simulation.Running;

namespace DmIo.Simulation.Export;

/// <summary>
/// Writes what a dm-log-writes target placed on one device would have logged (Linux 6.12 drivers/md/dm-log-writes.c),
/// in its on-disk format, so xfstests' <c>replay-log</c> can replay it onto a real device:
/// <list type="bullet">
/// <item><c>log_writes_map</c> takes every bio that is not a read and carries sectors or PREFLUSH; a PREFLUSH bio takes
/// the writes that completed before it was submitted (the <c>unflushed_blocks</c> list) with it.</item>
/// <item><c>normal_end_io</c> runs whatever the bio's status (a failed write is logged too): a PREFLUSH bio queues the
/// writes it took and then itself, a FUA bio queues itself, any other write or discard waits in the unflushed list.</item>
/// <item><c>log_mark</c> (message <c>mark &lt;name&gt;</c>, here a <c>mark</c> step) queues a mark at once;
/// <c>log_writes_dtr</c> queues what is still unflushed and then the mark <see cref="EndMark"/>.</item>
/// <item><c>log_one_block</c> writes each queued entry: one log sector with <c>struct log_write_entry</c> (and a mark's
/// text), then the data; <c>log_super</c> writes <c>struct log_write_super</c> in sector 0.</item>
/// </list>
/// The log's sector is the device's logical block size (<c>log_writes_ctr</c>: <c>bdev_logical_block_size</c>); entry
/// sectors and counts are in that unit. Bios still in flight when the run ends are left out (the kernel's destructor
/// would wait for them). Write-zeroes bios carry no data pages, so the kernel leaves their data sectors of the log
/// unwritten; this writes zeros there.
/// </summary>
public static class LogWritesExporter
{
    /// <summary>The text of the mark entry written after the last write: the one <c>log_writes_dtr</c> writes when the target is removed.</summary>
    public const string EndMark = "dm-log-writes-end";

    /// <summary>Writes the log of <paramref name="device"/>'s writes.</summary>
    /// <param name="bios">Bios of the run, with payloads (<see cref="RunOptions.CapturePayloads"/>); only those of <paramref name="device"/> are used.</param>
    /// <param name="marks">The run's mark steps.</param>
    /// <param name="device">The named device whose writes are logged.</param>
    /// <param name="sectorSize">The device's logical block size: the log's sector size (512 to 4096, a power of two).</param>
    /// <param name="output">Where the log goes.</param>
    /// <returns>How many entries were written (including the final mark).</returns>
    public static long Write(IEnumerable<BioSpan> bios, IReadOnlyList<RunMark> marks, string device, int sectorSize, Stream output)
    {
        ArgumentNullException.ThrowIfNull(bios);
        ArgumentNullException.ThrowIfNull(marks);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(output);
        if (sectorSize < LogWritesFormat.SectorSize || sectorSize > DmIoConstants.PageSize || (sectorSize & (sectorSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sectorSize), sectorSize, "The log's sector size is a power of two from 512 to 4096.");
        }

        List<LogEntry> queued = Order(bios.Where(b => b.Device == device && IsLogged(b)), marks);
        output.Write(Super(queued.Count, sectorSize));
        foreach (LogEntry entry in queued)
        {
            if (entry.Mark is { } mark)
            {
                byte[] text = Encoding.ASCII.GetBytes(mark.Length > sectorSize - 33 ? mark[..(sectorSize - 33)] : mark);
                output.Write(Entry(0, 0, LogWritesFormat.MarkFlag, text, sectorSize));
                continue;
            }

            BioSpan bio = entry.Bio!;
            int perSector = sectorSize / DmIoConstants.SectorSize;
            output.Write(Entry(bio.Sector / perSector, bio.Count / perSector, Flags(bio), [], sectorSize));
            if (bio.Operation == BioOperation.Write && bio.Count > 0)
            {
                output.Write(bio.Payload ?? throw new InvalidOperationException($"Bio {bio.BioId} on '{device}' has no captured payload; run with payload capture."));
            }
            else if (bio.Operation == BioOperation.WriteZeroes)
            {
                output.Write(new byte[bio.Count * DmIoConstants.SectorSize]);
            }
        }

        return queued.Count;
    }

    /// <summary><c>log_writes_map</c>: reads are not logged, nor a bio with no sectors and no PREFLUSH.</summary>
    private static bool IsLogged(BioSpan bio) =>
        bio.Operation != BioOperation.Read && (bio.Count > 0 || (bio.Flags & BioFlags.Preflush) != 0);

    /// <summary>
    /// Replays the run's submissions, completions and marks in sequence through the kernel's two lists
    /// (<c>unflushed_blocks</c>, <c>logging_blocks</c>) and returns the logging order, end mark included.
    /// </summary>
    private static List<LogEntry> Order(IEnumerable<BioSpan> bios, IReadOnlyList<RunMark> marks)
    {
        var events = new List<(long Sequence, int Kind, BioSpan? Bio, string? Mark)>(); // kind 0 submit, 1 complete, 2 mark
        foreach (BioSpan bio in bios)
        {
            events.Add((bio.SubmitSequence, 0, bio, null));
            if (bio.CompleteSequence >= 0)
            {
                events.Add((bio.CompleteSequence, 1, bio, null));
            }
        }

        events.AddRange(marks.Select(m => (m.Sequence, 2, (BioSpan?)null, (string?)m.Name)));
        events.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        var logging = new List<LogEntry>();
        var unflushed = new List<LogEntry>();
        var takenByFlush = new Dictionary<BioSpan, List<LogEntry>>(ReferenceEqualityComparer.Instance);
        foreach ((_, int kind, BioSpan? bio, string? mark) in events)
        {
            bool flush = bio is not null && (bio.Flags & BioFlags.Preflush) != 0;
            switch (kind)
            {
                case 0 when flush:
                    takenByFlush[bio!] = [.. unflushed];
                    unflushed.Clear();
                    break;
                case 1 when flush:
                    logging.AddRange(takenByFlush[bio!]);
                    logging.Add(new LogEntry(bio, null));
                    break;
                case 1 when (bio!.Flags & BioFlags.Fua) != 0:
                    logging.Add(new LogEntry(bio, null));
                    break;
                case 1:
                    unflushed.Add(new LogEntry(bio, null));
                    break;
                case 2:
                    logging.Add(new LogEntry(null, mark));
                    break;
            }
        }

        logging.AddRange(unflushed);
        logging.Add(new LogEntry(null, EndMark));
        return logging;
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

    /// <summary><c>log_super</c>: the super block, padded to one log sector.</summary>
    private static byte[] Super(long entries, int sectorSize)
    {
        byte[] sector = new byte[sectorSize];
        BinaryPrimitives.WriteUInt64LittleEndian(sector.AsSpan(0), LogWritesFormat.Magic);
        BinaryPrimitives.WriteUInt64LittleEndian(sector.AsSpan(8), LogWritesFormat.Version);
        BinaryPrimitives.WriteUInt64LittleEndian(sector.AsSpan(16), (ulong)entries);
        BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(24), (uint)sectorSize);
        return sector;
    }

    /// <summary><c>log_one_block</c>'s metadata sector: the entry, a mark's text after it, zeros to the end of the log sector.</summary>
    private static byte[] Entry(long sector, long count, ulong flags, byte[] text, int sectorSize)
    {
        byte[] entry = new byte[sectorSize];
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(0), (ulong)sector);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(8), (ulong)count);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(16), flags);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(24), (ulong)text.Length);
        text.CopyTo(entry.AsSpan(32));
        return entry;
    }

    /// <summary>One queued log entry: a bio, or a mark's text.</summary>
    private sealed record LogEntry(BioSpan? Bio, string? Mark);
}
