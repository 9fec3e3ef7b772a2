using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests;

/// <summary>
/// export-log-writes logs what the kernel's dm-log-writes logs (drivers/md/dm-log-writes.c): a failed write
/// (<c>normal_end_io</c> ignores the status), the device's logical block size as the log's sector size
/// (<c>log_writes_ctr</c>), the writes a table sends to its backing device, and named marks (<c>log_mark</c>), in
/// the order of its lists. Every log is decoded by <see cref="KernelLogReader"/>, written from the kernel's structs.
/// </summary>
public sealed class LogWritesKernelTests
{
    [Fact]
    public void ExportLogWrites_LogsAFailedWrite_WithTheDataItCarried()
    {
        KernelLogReader log = Export("""
            { "format": 1, "name": "failed", "seed": 1,
              "devices": [ { "name": "media", "backend": "memory", "sectors": 64 }, { "name": "disk", "table": [ "0 64 rules media 0" ] } ],
              "steps": [
                { "do": "message", "device": "disk", "text": "add name=all op=write action=fail:ioerr" },
                { "do": "io", "id": "w", "op": "write", "payload": { "fill": 171 }, "regions": [ { "device": "disk", "sector": 8, "count": 2 } ],
                  "expect": { "error_bits": 1 } }
              ] }
            """, "disk");

        Assert.Equal(2UL, log.EntryCount);
        Assert.Equal((8UL, 2UL, 0UL), (log.Entries[0].Sector, log.Entries[0].SectorCount, log.Entries[0].Flags));
        Assert.Equal(Enumerable.Repeat((byte)171, 1024), log.Entries[0].Data);
        Assert.Equal("dm-log-writes-end", log.Entries[1].Mark);
    }

    [Fact]
    public void ExportLogWrites_OfA4096ByteDevice_UsesItsLogicalBlockSizeAsTheLogSector()
    {
        byte[] file = ExportBytes("""
            { "format": 1, "name": "big-blocks", "seed": 1,
              "devices": [ { "name": "disk", "backend": "memory", "sectors": 256, "limits": { "logical_block_size": 4096, "physical_block_size": 4096 } } ],
              "steps": [
                { "do": "io", "id": "w", "op": "write", "payload": { "fill": 7 }, "regions": [ { "device": "disk", "sector": 16, "count": 16 } ] }
              ] }
            """, "disk");
        KernelLogReader log = KernelLogReader.Read(file);

        Assert.Equal(4096U, log.SectorSize);
        Assert.Equal(2UL, log.EntryCount);
        Assert.Equal((2UL, 2UL), (log.Entries[0].Sector, log.Entries[0].SectorCount)); // 512-byte sector 16 = block 2, 16 sectors = 2 blocks
        Assert.Equal(Enumerable.Repeat((byte)7, 8192), log.Entries[0].Data);
        Assert.Equal(4096 * 5, file.Length);                                              // super, entry, 2 data blocks, end mark
    }

    [Fact]
    public void ExportLogWrites_OfATablesBackingDevice_LogsTheWritesTheTableSentIt()
    {
        KernelLogReader log = Export("""
            { "format": 1, "name": "backing", "seed": 1,
              "devices": [ { "name": "media", "backend": "memory", "sectors": 256 }, { "name": "disk", "table": [ "0 128 linear media 100" ] } ],
              "steps": [
                { "do": "io", "id": "w", "op": "write", "payload": { "hex": "c0de" }, "regions": [ { "device": "disk", "sector": 3, "count": 1 } ] },
                { "do": "io", "id": "d", "op": "discard", "regions": [ { "device": "disk", "sector": 8, "count": 8 } ] }
              ] }
            """, "media");

        Assert.Equal(3UL, log.EntryCount);
        Assert.Equal((103UL, 1UL, 0UL), (log.Entries[0].Sector, log.Entries[0].SectorCount, log.Entries[0].Flags));
        Assert.Equal(Enumerable.Range(0, 512).Select(i => i % 2 == 0 ? (byte)0xc0 : (byte)0xde), log.Entries[0].Data);
        Assert.Equal((108UL, 8UL, KernelLogReader.DiscardFlag), (log.Entries[1].Sector, log.Entries[1].SectorCount, log.Entries[1].Flags));
        Assert.Equal("dm-log-writes-end", log.Entries[2].Mark);
    }

    /// <summary>
    /// log_writes_map / normal_end_io / log_mark: a plain write waits in the unflushed list until a flush submitted after
    /// it completes; a mark is queued at once, so a write still unflushed when the mark is set is logged after it.
    /// </summary>
    [Fact]
    public void ExportLogWrites_WritesNamedMarks_WhereTheKernelQueuesThem()
    {
        KernelLogReader log = Export("""
            { "format": 1, "name": "marks", "seed": 1,
              "devices": [ { "name": "media", "backend": "memory", "sectors": 256 }, { "name": "disk", "table": [ "0 256 volatile_cache media 0" ] } ],
              "steps": [
                { "do": "io", "id": "a", "op": "write", "regions": [ { "device": "disk", "sector": 0, "count": 1 } ] },
                { "do": "io", "id": "f", "op": "write", "flags": ["preflush"], "regions": [ { "device": "disk", "sector": 0, "count": 0 } ] },
                { "do": "mark", "name": "after-flush" },
                { "do": "io", "id": "b", "op": "write", "regions": [ { "device": "disk", "sector": 1, "count": 1 } ] },
                { "do": "mark", "name": "second" }
              ] }
            """, "disk");

        Assert.Equal(6UL, log.EntryCount);
        Assert.Equal((0UL, 1UL, 0UL), (log.Entries[0].Sector, log.Entries[0].SectorCount, log.Entries[0].Flags));     // a, taken by the flush
        Assert.Equal((0UL, 0UL, KernelLogReader.FlushFlag), (log.Entries[1].Sector, log.Entries[1].SectorCount, log.Entries[1].Flags));
        Assert.Equal(("after-flush", KernelLogReader.MarkFlag, 11UL), (log.Entries[2].Mark, log.Entries[2].Flags, log.Entries[2].DataLength));
        Assert.Equal("second", log.Entries[3].Mark);
        Assert.Equal((1UL, 1UL), (log.Entries[4].Sector, log.Entries[4].SectorCount));                                // b, still unflushed at the end
        Assert.Equal("dm-log-writes-end", log.Entries[5].Mark);
    }

    [Theory]
    [InlineData("\"two words\"")]
    [InlineData("\"\"")]
    [InlineData("7")]
    public void AMarkStep_WithABadName_IsRefusedNamingItsJsonPath(string name)
    {
        using var dir = new TempDir();
        string scenario = dir.Write("bad.json", $$"""
            { "format": 1, "name": "bad", "seed": 1,
              "devices": [ { "name": "disk", "backend": "memory", "sectors": 8 } ],
              "steps": [ { "do": "mark", "name": {{name}} } ] }
            """);

        (int exit, string output, string error) = Tool.Run("run", scenario, "--out", dir.File("r.json"));

        Assert.True(exit == 2, output + error);
        Assert.Contains("$.steps[0].name", error);
        Assert.True(Tool.IsOneLine(error), error);
        Assert.False(File.Exists(dir.File("r.json")));
    }

    private static KernelLogReader Export(string scenarioJson, string device) => KernelLogReader.Read(ExportBytes(scenarioJson, device));

    private static byte[] ExportBytes(string scenarioJson, string device)
    {
        using var dir = new TempDir();
        string scenario = dir.Write("s.json", scenarioJson);
        string trace = dir.File("s.jsonl");
        string log = dir.File("s.log");
        (int recordExit, string recordOut, string recordErr) = Tool.Run("record", scenario, "--trace", trace);
        Assert.True(recordExit == 0, recordOut + recordErr);

        (int exit, string output, string error) = Tool.Run("export-log-writes", trace, log, "--device", device);

        Assert.True(exit == 0, output + error);
        return File.ReadAllBytes(log);
    }
}
