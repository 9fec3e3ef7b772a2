using System.Buffers.Binary;
using System.Text;

namespace DmIo.Cli.Tests.Support;

/// <summary>
/// Reads a dm-log-writes log the way xfstests' replay-log walks it, written from the kernel's struct layout
/// (drivers/md/dm-log-writes.c), not from the exporter: sector 0 holds <c>struct log_write_super { __le64 magic;
/// __le64 version; __le64 nr_entries; __le32 sectorsize; }</c>; then, <c>nr_entries</c> times, one log sector with
/// <c>struct log_write_entry { __le64 sector; __le64 nr_sectors; __le64 flags; __le64 data_len; }</c> (a mark's text
/// right after the struct) followed, unless the entry is a discard or a mark, by <c>nr_sectors</c> log sectors of data.
/// Every sector here is <c>sectorsize</c> bytes.
/// </summary>
internal sealed class KernelLogReader
{
    public const ulong FlushFlag = 1, FuaFlag = 2, DiscardFlag = 4, MarkFlag = 8, MetadataFlag = 16;

    public required ulong Magic { get; init; }

    public required ulong Version { get; init; }

    public required ulong EntryCount { get; init; }

    public required uint SectorSize { get; init; }

    public required IReadOnlyList<KernelLogEntry> Entries { get; init; }

    public static KernelLogReader Read(byte[] log)
    {
        uint sectorSize = BinaryPrimitives.ReadUInt32LittleEndian(log.AsSpan(24));
        ulong count = U64(log, 16);
        var entries = new List<KernelLogEntry>();
        long at = sectorSize;
        for (ulong i = 0; i < count; i++)
        {
            var entry = new KernelLogEntry(U64(log, at), U64(log, at + 8), U64(log, at + 16), U64(log, at + 24));
            at += sectorSize;
            if ((entry.Flags & MarkFlag) != 0)
            {
                entry = entry with { Mark = Encoding.ASCII.GetString(log, (int)(at - sectorSize + 32), (int)entry.DataLength) };
            }
            else if ((entry.Flags & DiscardFlag) == 0)
            {
                long bytes = (long)entry.SectorCount * sectorSize;
                entry = entry with { Data = log.AsSpan((int)at, (int)bytes).ToArray() };
                at += bytes;
            }

            entries.Add(entry);
        }

        if (at != log.Length)
        {
            throw new InvalidDataException($"the log is {log.Length} bytes but its {count} entries end at {at}");
        }

        return new KernelLogReader { Magic = U64(log, 0), Version = U64(log, 8), EntryCount = count, SectorSize = sectorSize, Entries = entries };
    }

    private static ulong U64(byte[] bytes, long offset) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)offset));
}

/// <summary>One entry of a dm-log-writes log: where, how many log sectors, its flags, and its data or mark text.</summary>
internal sealed record KernelLogEntry(ulong Sector, ulong SectorCount, ulong Flags, ulong DataLength)
{
    public byte[] Data { get; init; } = [];

    public string? Mark { get; init; }
}
