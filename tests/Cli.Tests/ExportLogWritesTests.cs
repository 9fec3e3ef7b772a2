using System.Buffers.Binary;
using System.Text;
using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests;

public sealed class ExportLogWritesTests
{
    // One disk with a volatile cache, so PREFLUSH and FUA reach it: a plain write, a META+FUA write, an empty
    // flush, a discard, and a read (reads are not logged).
    private const string Scenario = """
        {
          "format": 1, "name": "log", "description": "writes for a log", "seed": 1,
          "devices": [ { "name": "media", "backend": "memory", "sectors": 256 }, { "name": "disk", "table": [ "0 256 volatile_cache media 0" ] } ],
          "steps": [
            { "do": "io", "id": "a", "op": "write", "payload": { "hex": "a1" }, "regions": [ { "device": "disk", "sector": 0, "count": 8 } ] },
            { "do": "io", "id": "b", "op": "write", "flags": ["meta", "fua"], "payload": { "hex": "b2c3" }, "regions": [ { "device": "disk", "sector": 8, "count": 8 } ] },
            { "do": "io", "id": "f", "op": "write", "flags": ["preflush"], "regions": [ { "device": "disk", "sector": 0, "count": 0 } ] },
            { "do": "io", "id": "d", "op": "discard", "regions": [ { "device": "disk", "sector": 16, "count": 8 } ] },
            { "do": "io", "id": "r", "op": "read", "regions": [ { "device": "disk", "sector": 0, "count": 8 } ] }
          ]
        }
        """;

    [Fact]
    public void ExportLogWrites_WritesTheKernelFormat_WhichReadsBackEntryByEntry()
    {
        using var dir = new TempDir();
        string scenario = dir.Write("log.json", Scenario);
        string trace = dir.File("log.jsonl");
        string log = dir.File("log.bin");
        Assert.Equal(0, Tool.Run("record", scenario, "--trace", trace).Exit);

        (int exit, string output, string error) = Tool.Run("export-log-writes", trace, log);

        Assert.True(exit == 0, output + error);
        byte[] file = File.ReadAllBytes(log);
        Assert.Equal(0x6a736677736872UL, U64(file, 0));           // magic
        Assert.Equal(1UL, U64(file, 8));                           // version
        Assert.Equal(5UL, U64(file, 16));                          // nr_entries: 4 writes + the end mark
        Assert.Equal(512U, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(24)));
        var entries = new List<(ulong Sector, ulong Count, ulong Flags, ulong DataLength, byte[] Data)>();
        int at = 512;
        while (at < file.Length)
        {
            (ulong sector, ulong count, ulong flags, ulong dataLength) = (U64(file, at), U64(file, at + 8), U64(file, at + 16), U64(file, at + 24));
            bool carriesSectors = (flags & (4 | 8)) == 0;                      // discards and marks carry no data sectors
            int dataBytes = carriesSectors ? (int)count * 512 : 0;
            byte[] data = (flags & 8) != 0 ? file.AsSpan(at + 32, (int)dataLength).ToArray() : file.AsSpan(at + 512, dataBytes).ToArray();
            entries.Add((sector, count, flags, dataLength, data));
            at += 512 + dataBytes;
        }

        Assert.Equal(file.Length, at);
        Assert.Equal(5, entries.Count);
        // dm-log-writes queues a FUA write when it completes, but a plain write only when a later flush completes:
        // b (FUA) comes first, then a, taken along by the flush f.
        Assert.Equal((8UL, 8UL, 2UL | 16UL), (entries[0].Sector, entries[0].Count, entries[0].Flags));  // FUA | METADATA
        Assert.Equal(Repeat([0xb2, 0xc3], 4096), entries[0].Data);
        Assert.Equal((0UL, 8UL, 0UL, 0UL), (entries[1].Sector, entries[1].Count, entries[1].Flags, entries[1].DataLength));
        Assert.All(entries[1].Data, b => Assert.Equal(0xa1, b));
        Assert.Equal((0UL, 0UL, 1UL), (entries[2].Sector, entries[2].Count, entries[2].Flags));        // the empty flush
        Assert.Equal((16UL, 8UL, 4UL), (entries[3].Sector, entries[3].Count, entries[3].Flags));       // the discard, no data
        Assert.Equal(8UL, entries[4].Flags);                                                            // the end mark
        Assert.Equal("dm-log-writes-end", Encoding.ASCII.GetString(entries[4].Data));
    }

    [Fact]
    public void ExportLogWrites_WhenSeveralDevicesWereWritten_AsksForOne()
    {
        using var dir = new TempDir();
        string trace = dir.File("t.jsonl");
        Assert.Equal(0, Tool.Run("record", Repo.Path("examples", "demo-mirror.json"), "--trace", trace).Exit);

        (int exit, _, string error) = Tool.Run("export-log-writes", trace, dir.File("x.bin"));

        Assert.Equal(2, exit);
        Assert.Contains("choose one with --device", error);
        Assert.Equal(0, Tool.Run("export-log-writes", trace, dir.File("x.bin"), "--device", "leg0").Exit);
    }

    private static ulong U64(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset));

    private static byte[] Repeat(byte[] unit, int length) => [.. Enumerable.Range(0, length).Select(i => unit[i % unit.Length])];
}
