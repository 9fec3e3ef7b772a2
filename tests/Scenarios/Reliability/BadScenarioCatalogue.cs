namespace DmIo.Scenarios.Reliability;

/// <summary>
/// The scenario loader's bad-input catalogue: a valid scenario using every device and step kind, and malformed
/// variants of it, one per class of bad field. Shared (linked) with the CLI tests, which feed the same files to
/// <c>dmio-sim run --out</c>.
/// </summary>
public static class BadScenarioCatalogue
{
    /// <summary>The valid scenario every row is derived from. Devices: [0] disk, [1] img (a file), [2] leg (flakey), [3] rl (rules).</summary>
    public const string Valid = """
        {
          "format": 1, "name": "catalogue-base", "description": "the valid base of the bad-input catalogue", "seed": 1,
          "client": { "pages": 1 },
          "devices": [
            { "name": "disk", "backend": "memory", "sectors": 64 },
            { "name": "img", "backend": "file", "sectors": 64 },
            { "name": "leg", "table": [ "0 64 flakey disk 0 1 1" ] },
            { "name": "rl", "table": [ "0 64 rules img 0" ] }
          ],
          "steps": [
            { "do": "io", "id": "w", "op": "write", "regions": [ { "device": "disk", "sector": 0, "count": 8 } ], "payload": { "fill": 7 } },
            { "do": "io", "id": "r", "op": "read", "regions": [ { "device": "leg", "sector": 0, "count": 8 } ], "memory": { "kind": "bvec", "segment_bytes": 1024 }, "expect": { "rc": 0, "data": { "same_as": "w" } } },
            { "do": "advance", "by": "1ms" },
            { "do": "check", "device": "disk", "sector": 0, "count": 8, "expect": { "data": { "same_as": "w" } } },
            { "do": "message", "device": "rl", "text": "list" },
            { "do": "wait" }
          ]
        }
        """;

    /// <summary>Every row.</summary>
    public static IReadOnlyList<BadScenario> All { get; } = [.. Rows()];

    /// <summary>The rows as xunit theory data.</summary>
    public static TheoryData<BadScenario> Data() => [.. All];

    private static IEnumerable<BadScenario> Rows()
    {
        const string region = "{ \"device\": \"disk\", \"sector\": 0, \"count\": 8 }";
        const string write = "\"payload\": { \"fill\": 7 }";

        // null, empty, not JSON, truncated
        yield return new("null", "an empty file", "", "$", "not valid JSON");
        yield return new("null", "only blanks", " \n\t ", "$", "not valid JSON");
        yield return new("null", "the literal null", "null", "$", "expected an object, found null");
        yield return new("null", "an array instead of an object", "[]", "$", "expected an object, found an array");
        yield return new("null", "an empty object", "{}", "$.format", "missing required field 'format'");
        yield return new("malformed", "not JSON (YAML)", "format: 1\ndevices: []\n", "$", "not valid JSON");
        yield return new("malformed", "truncated in the middle", Valid[..(Valid.Length / 2)], "$", "not valid JSON");
        yield return new("malformed", "truncated before the last brace", Valid.TrimEnd()[..^1], "$", "not valid JSON");
        yield return new("malformed", "a duplicated key", Edit("\"seed\": 1,", "\"seed\": 1, \"seed\": 2,"), "$", "not valid JSON");

        yield return new("malformed", "an escaped unpaired surrogate in a device name", Edit("\"name\": \"disk\"", "\"name\": \"\\ud800\""), "$.devices[0].name", "unpaired UTF-16 surrogate");
        yield return new("malformed", "an escaped unpaired surrogate in a member name", Edit("\"seed\": 1,", "\"seed\": 1, \"\\udc00\": 0,"), "$", "member name is not valid text");

        // format version
        yield return new("unknown names", "format 2", Edit("\"format\": 1", "\"format\": 2"), "$.format", "format 2 is not supported");
        yield return new("unknown names", "format 0", Edit("\"format\": 1", "\"format\": 0"), "$.format", "format 0 is not supported");
        yield return new("malformed", "format as a string", Edit("\"format\": 1", "\"format\": \"1\""), "$.format", "expected an integer");
        yield return new("malformed", "format 1.5", Edit("\"format\": 1", "\"format\": 1.5"), "$.format", "expected an integer");
        yield return new("null", "format missing", Edit("\"format\": 1, ", ""), "$.format", "missing required field 'format'");

        // negative
        yield return new("negative", "device sectors -8", Edit("\"memory\", \"sectors\": 64 }", "\"memory\", \"sectors\": -8 }"), "$.devices[0].sectors", "out of range 1..");
        yield return new("negative", "region sector -1", Edit("\"sector\": 0, \"count\": 8 } ], \"payload\"", "\"sector\": -1, \"count\": 8 } ], \"payload\""), "$.steps[0].regions[0].sector", "-1 is out of range");
        yield return new("negative", "region count -8", Edit("\"count\": 8 } ], \"payload\"", "\"count\": -8 } ], \"payload\""), "$.steps[0].regions[0].count", "-8 is out of range");
        yield return new("negative", "seed -1", Edit("\"seed\": 1", "\"seed\": -1"), "$.seed", "non-negative 64-bit integer");
        yield return new("negative", "advance by -5 ns", Edit("\"by\": \"1ms\"", "\"by\": -5"), "$.steps[2].by", "-5 is out of range");
        yield return new("negative", "advance by \"-1ms\"", Edit("\"by\": \"1ms\"", "\"by\": \"-1ms\""), "$.steps[2].by", "is not a duration");
        yield return new("negative", "message sector -1", Edit("\"text\": \"list\"", "\"text\": \"list\", \"sector\": -1"), "$.steps[4].sector", "-1 is out of range");
        yield return new("negative", "flakey offset -8", Edit("flakey disk 0 1 1", "flakey disk -8 1 1"), "$.devices[2].table[0]", "field 'offset'", AtBuild: true);

        // overflow
        yield return new("overflow", "device sectors 2^41", Edit("\"memory\", \"sectors\": 64 }", "\"memory\", \"sectors\": 2199023255552 }"), "$.devices[0].sectors", "out of range 1..1099511627776");
        yield return new("overflow", "device sectors past 2^64", Edit("\"memory\", \"sectors\": 64 }", "\"memory\", \"sectors\": 99999999999999999999 }"), "$.devices[0].sectors", "expected an integer");
        yield return new("overflow", "region sector 2^63", Edit("\"sector\": 0, \"count\": 8 } ], \"payload\"", "\"sector\": 9223372036854775808, \"count\": 8 } ], \"payload\""), "$.steps[0].regions[0].sector", "expected an integer");
        yield return new("overflow", "region count 2^32 + 1", Edit("\"count\": 8 } ], \"payload\"", "\"count\": 4294967297 } ], \"payload\""), "$.steps[0].regions[0].count", "out of range 0..4294967296");
        yield return new("overflow", "repeated regions running past sector 2^63 - 1", Edit(region + " ], \"payload\"", "{ \"device\": \"disk\", \"sector\": 9223372036854775800, \"count\": 8, \"repeat\": 2 } ], \"payload\""), "$.steps[0].regions[0].repeat", "past sector");
        yield return new("overflow", "stride x repeat past 2^64", Edit(region + " ], \"payload\"", "{ \"device\": \"disk\", \"sector\": 0, \"count\": 1, \"repeat\": 5, \"stride\": 4611686018427387904 } ], \"payload\""), "$.steps[0].regions[0].repeat", "past sector");
        yield return new("overflow", "seed 2^64", Edit("\"seed\": 1", "\"seed\": 18446744073709551616"), "$.seed", "non-negative 64-bit integer");
        yield return new("overflow", "seed \"0x\" with 17 digits", Edit("\"seed\": 1", "\"seed\": \"0x10000000000000000\""), "$.seed", "non-negative integer (or a \"0x...\" string)");
        yield return new("overflow", "advance by 10^13 s", Edit("\"by\": \"1ms\"", "\"by\": \"9999999999999s\""), "$.steps[2].by", "is not a duration");
        yield return new("overflow", "client pages 2^31", Edit("\"pages\": 1", "\"pages\": 2147483648"), "$.client.pages", "out of range 1..262144");
        yield return new("overflow", "a table line of 2^63 sectors", Edit("0 64 rules img 0", "0 9223372036854775807 rules img 0"), "$.devices[3].table[0]", "field 'length'", AtBuild: true);

        // out of range
        yield return new("out of range", "device sectors 0", Edit("\"memory\", \"sectors\": 64 }", "\"memory\", \"sectors\": 0 }"), "$.devices[0].sectors", "0 is out of range");
        yield return new("out of range", "client pages 0", Edit("\"pages\": 1", "\"pages\": 0"), "$.client.pages", "0 is out of range");
        yield return new("out of range", "both pages and io_capacity", Edit("\"pages\": 1", "\"pages\": 1, \"io_capacity\": 4"), "$.client.io_capacity", "not both");
        yield return new("out of range", "page-list offset 4096", Edit(write, write + ", \"memory\": { \"kind\": \"page_list\", \"offset\": 4096 }"), "$.steps[0].memory.offset", "4096 is out of range 0..4095");
        yield return new("out of range", "fill 256", Edit("\"fill\": 7", "\"fill\": 256"), "$.steps[0].payload.fill", "256 is out of range 0..255");
        yield return new("out of range", "expected rc 1", Edit("\"rc\": 0", "\"rc\": 1"), "$.steps[1].expect.rc", "1 is out of range -4095..0");
        yield return new("out of range", "failed region index 64", Edit("\"rc\": 0", "\"rc\": 0, \"failed_regions\": [ 64 ]"), "$.steps[1].expect.failed_regions[0]", "64 is out of range 0..63");
        yield return new("out of range", "priority 65536", Edit(write, write + ", \"priority\": 65536"), "$.steps[0].priority", "out of range 0..65535");
        yield return new("out of range", "check count 0", Edit("\"count\": 8, \"expect\": { \"data\"", "\"count\": 0, \"expect\": { \"data\""), "$.steps[3].count", "0 is out of range");
        yield return new("out of range", "logical block 1000", Edit("\"memory\", \"sectors\": 64 }", "\"memory\", \"sectors\": 64, \"limits\": { \"logical_block_size\": 1000 } }"), "$.devices[0].limits.logical_block_size", "inconsistent queue limits");
        yield return new("out of range", "seg_boundary_mask 4096 (not 2^n - 1)", Edit("\"memory\", \"sectors\": 64 }", "\"memory\", \"sectors\": 64, \"limits\": { \"seg_boundary_mask\": 4096 } }"), "$.devices[0].limits.seg_boundary_mask", "inconsistent queue limits");
        yield return new("out of range", "virt_boundary_mask 100", Edit("\"memory\", \"sectors\": 64 }", "\"memory\", \"sectors\": 64, \"limits\": { \"virt_boundary_mask\": \"0x64\" } }"), "$.devices[0].limits.virt_boundary_mask", "inconsistent queue limits");
        yield return new("out of range", "chunk_sectors -1", Edit("\"memory\", \"sectors\": 64 }", "\"memory\", \"sectors\": 64, \"limits\": { \"chunk_sectors\": -1 } }"), "$.devices[0].limits.chunk_sectors", "-1 is out of range 0..4294967295");
        yield return new("out of range", "max_hw_sectors below max_sectors", Edit("\"memory\", \"sectors\": 64 }", "\"memory\", \"sectors\": 64, \"limits\": { \"max_sectors\": 64, \"max_hw_sectors\": 32 } }"), "$.devices[0].limits.max_hw_sectors", "inconsistent queue limits");
        yield return new("out of range", "io_opt past 32 bits", Edit("\"memory\", \"sectors\": 64 }", "\"memory\", \"sectors\": 64, \"limits\": { \"io_opt\": 4294967296 } }"), "$.devices[0].limits.io_opt", "out of range 0..4294967295");
        yield return new("out of range", "io_min negative", Edit("\"memory\", \"sectors\": 64 }", "\"memory\", \"sectors\": 64, \"limits\": { \"io_min\": -512 } }"), "$.devices[0].limits.io_min", "out of range 0..4294967295");
        yield return new("misaligned", "discard_granularity 100", Edit("\"memory\", \"sectors\": 64 }", "\"memory\", \"sectors\": 64, \"limits\": { \"discard_granularity\": 100 } }"), "$.devices[0].limits.discard_granularity", "inconsistent queue limits");
        yield return new("unknown choice", "queue bogus", Edit("\"memory\", \"sectors\": 64 }", "\"memory\", \"queue\": \"bogus\", \"sectors\": 64 }"), "$.devices[0].queue", "'bogus' is not one of: bio, request");
        yield return new("misplaced field", "queue on a file backend", Edit("\"file\", \"sectors\": 64 }", "\"file\", \"queue\": \"request\", \"sectors\": 64 }"), "$.devices[1].queue", "'queue' belongs to memory and sparse backends");
        yield return new("misplaced field", "queue on a table", Edit("\"table\": [ \"0 64 flakey disk 0 1 1\" ]", "\"queue\": \"bio\", \"table\": [ \"0 64 flakey disk 0 1 1\" ]"), "$.devices[2].queue", "'queue' belongs to backends");
        yield return new("out of range", "flakey window past the device end", Edit("flakey disk 0 1 1", "flakey disk 8 1 1"), "$.devices[2].table[0]", "field 'offset'", AtBuild: true);
        yield return new("out of range", "pool get and put both 0", Edit("{ \"do\": \"wait\" }", "{ \"do\": \"pool\", \"get\": 0 }"), "$.steps[5].get", "exactly one of 'get' or 'put'");

        // misaligned
        yield return new("misaligned", "9 sectors on a 4096-byte-block memory device", Edit("\"memory\", \"sectors\": 64 }", "\"memory\", \"sectors\": 9, \"limits\": { \"logical_block_size\": 4096, \"physical_block_size\": 4096 } }"), "$.devices[0]", "cannot be built", AtBuild: true);
        yield return new("misaligned", "max_sectors 9 on 4096-byte blocks", Edit("\"memory\", \"sectors\": 64 }", "\"memory\", \"sectors\": 64, \"limits\": { \"logical_block_size\": 4096, \"physical_block_size\": 4096, \"max_sectors\": 9 } }"), "$.devices[0].limits.max_sectors", "inconsistent queue limits");
        yield return new("misaligned", "a linear window of 7 sectors over 4096-byte blocks", Edit("\"memory\", \"sectors\": 64 }", "\"memory\", \"sectors\": 64, \"limits\": { \"logical_block_size\": 4096, \"physical_block_size\": 4096 } }").Replace("0 64 flakey disk 0 1 1", "0 7 linear disk 0", StringComparison.Ordinal), "$.devices[2].table[0]", "table line '0 7 linear disk 0'", AtBuild: true);
        yield return new("misaligned", "segment_bytes 100", Edit("\"segment_bytes\": 1024", "\"segment_bytes\": 100"), "$.steps[1].memory.segment_bytes", "100 is out of range 512..4096");

        // too many regions
        yield return new("too many regions", "repeat 1025", Edit(region + " ], \"payload\"", "{ \"device\": \"disk\", \"sector\": 0, \"count\": 0, \"repeat\": 1025 } ], \"payload\""), "$.steps[0].regions[0].repeat", "1025 is out of range 1..1024");
        yield return new("too many regions", "a failed region index past 63 in a list", Edit("\"rc\": 0", "\"rc\": 0, \"failed_regions\": [ 0, 1, 99 ]"), "$.steps[1].expect.failed_regions[2]", "99 is out of range 0..63");

        // wrong buffer size, bad payload
        yield return new("wrong buffer size", "hex of odd length", Edit("\"fill\": 7", "\"hex\": \"abc\""), "$.steps[0].payload.hex", "even number of hex digits");
        yield return new("wrong buffer size", "empty hex", Edit("\"fill\": 7", "\"hex\": \"\""), "$.steps[0].payload.hex", "even number of hex digits");
        yield return new("malformed", "hex with non-hex digits", Edit("\"fill\": 7", "\"hex\": \"zz\""), "$.steps[0].payload.hex", "even number of hex digits");
        yield return new("malformed", "a digest of 15 digits", Edit("{ \"rc\": 0, \"data\": { \"same_as\": \"w\" } }", "{ \"rc\": 0, \"data\": { \"digest\": \"0123456789abcde\" } }"), "$.steps[1].expect.data.digest", "16 lower-case hex digits");
        yield return new("malformed", "two payload kinds", Edit("\"fill\": 7", "\"fill\": 7, \"pattern\": 3"), "$.steps[0].payload", "give exactly one of");
        yield return new("wrong buffer size", "a bvec segment of 0 bytes", Edit("\"segment_bytes\": 1024", "\"segments\": [ { \"length\": 0 } ]"), "$.steps[1].memory.segments[0].length", "0 is out of range 1..4096");
        yield return new("wrong buffer size", "a bvec segment past its page", Edit("\"segment_bytes\": 1024", "\"segments\": [ { \"length\": 4097 } ]"), "$.steps[1].memory.segments[0].length", "4097 is out of range");
        yield return new("wrong buffer size", "memory on a discard", Edit("\"op\": \"write\", \"regions\": [ " + region + " ], " + write, "\"op\": \"discard\", \"regions\": [ " + region + " ], \"memory\": { \"kind\": \"vm\" }"), "$.steps[0].memory", "carries no memory");
        yield return new("wrong buffer size", "a payload on a discard", Edit("\"op\": \"write\"", "\"op\": \"discard\""), "$.steps[0].payload", "has no payload");
        yield return new("wrong buffer size", "expected data on a write", Edit(write, write + ", \"expect\": { \"data\": { \"fill\": 7 } }"), "$.steps[0].expect.data", "only a read has data");

        // unknown names
        yield return new("unknown names", "an unknown top-level field", Edit("\"seed\": 1,", "\"seed\": 1, \"colour\": \"red\","), "$.colour", "unknown field 'colour'");
        yield return new("unknown names", "a misspelt region field", Edit("\"count\": 8 } ], \"payload\"", "\"cuont\": 8 } ], \"payload\""), "$.steps[0].regions[0].cuont", "unknown field 'cuont'");
        yield return new("unknown names", "backend nvme", Edit("\"backend\": \"memory\"", "\"backend\": \"nvme\""), "$.devices[0].backend", "'nvme' is not one of");
        yield return new("unknown names", "completion eventually", Edit("\"memory\", \"sectors\": 64 }", "\"memory\", \"sectors\": 64, \"completion\": \"eventually\" }"), "$.devices[0].completion", "'eventually' is not one of");
        yield return new("unknown names", "op trim", Edit("\"op\": \"write\"", "\"op\": \"trim\""), "$.steps[0].op", "'trim' is not one of");
        yield return new("unknown names", "flag barrier", Edit(write, write + ", \"flags\": [ \"fua\", \"barrier\" ]"), "$.steps[0].flags[1]", "'barrier' is not one of");
        yield return new("unknown names", "memory kind heap", Edit("\"kind\": \"bvec\", \"segment_bytes\": 1024", "\"kind\": \"heap\""), "$.steps[1].memory.kind", "'heap' is not one of");
        yield return new("unknown names", "mode later", Edit(write, write + ", \"mode\": \"later\""), "$.steps[0].mode", "'later' is not one of");
        yield return new("unknown names", "an undeclared device in a region", Edit("\"device\": \"disk\", \"sector\": 0, \"count\": 8 } ], \"payload\"", "\"device\": \"dsik\", \"sector\": 0, \"count\": 8 } ], \"payload\""), "$.steps[0].regions[0].device", "unknown device 'dsik'");
        yield return new("unknown names", "an unknown table target", Edit("0 64 flakey disk 0 1 1", "0 64 thin disk 0"), "$.devices[2].table[0]", "unknown target 'thin'");
        yield return new("unknown names", "a check of a table device", Edit("\"do\": \"check\", \"device\": \"disk\"", "\"do\": \"check\", \"device\": \"leg\""), "$.steps[3].device", "is a table");
        yield return new("unknown names", "a message to a backend", Edit("\"device\": \"rl\", \"text\"", "\"device\": \"disk\", \"text\""), "$.steps[4].device", "needs a table device");
        yield return new("unknown names", "a name with a space", Edit("\"name\": \"disk\"", "\"name\": \"my disk\""), "$.devices[0].name", "not a usable name");
        yield return new("unknown names", "a duplicate device name", Edit("\"name\": \"img\"", "\"name\": \"disk\""), "$.devices[1].name", "already declared");
        yield return new("unknown names", "a duplicate request id", Edit("\"id\": \"r\"", "\"id\": \"w\""), "$.steps[1].id", "already used");
        yield return new("unknown names", "both backend and table", Edit("{ \"name\": \"leg\", \"table\"", "{ \"name\": \"leg\", \"backend\": \"zero\", \"table\""), "$.devices[2].backend", "exactly one of 'backend'");
        yield return new("null", "a device with neither backend nor table", Edit("\"backend\": \"memory\", ", ""), "$.devices[0].backend", "exactly one of 'backend'");
        yield return new("null", "no devices", "{ \"format\": 1, \"devices\": [ ], \"steps\": [ ] }", "$.devices", "at least one device");
        yield return new("null", "steps missing", "{ \"format\": 1, \"devices\": [ { \"name\": \"d\", \"backend\": \"zero\", \"sectors\": 8 } ] }", "$.steps", "missing required field 'steps'");

        // cyclic and dangling references
        yield return new("cyclic", "two tables over each other", Edit("0 64 flakey disk 0 1 1", "0 64 linear rl 0").Replace("0 64 rules img 0", "0 64 rules leg 0", StringComparison.Ordinal), "$.devices[2].table", "devices form a cycle: leg -> rl -> leg");
        yield return new("cyclic", "a table over itself", Edit("0 64 flakey disk 0 1 1", "0 64 flakey leg 0 1 1"), "$.devices[2].table[0]", "built over itself");
        yield return new("dangling", "a table over an undeclared device", Edit("0 64 flakey disk 0 1 1", "0 64 flakey nosuch 0 1 1"), "$.devices[2].table[0]", "names device 'nosuch', which is not declared");
        yield return new("dangling", "a striped leg over an undeclared device", Edit("0 64 flakey disk 0 1 1", "0 64 striped 2 8 disk 0 ghost 0"), "$.devices[2].table[0]", "names device 'ghost'");
        yield return new("dangling", "a delay write route over an undeclared device", Edit("0 64 flakey disk 0 1 1", "0 64 delay disk 0 1 ghost 0 1"), "$.devices[2].table[0]", "names device 'ghost'");
        yield return new("dangling", "same_as a later request", Edit("\"fill\": 7", "\"same_as\": \"r\""), "$.steps[0].payload.same_as", "not the id of an earlier write request");
        yield return new("dangling", "same_as a read request", Edit("{ \"do\": \"check\", \"device\": \"disk\", \"sector\": 0, \"count\": 8, \"expect\": { \"data\": { \"same_as\": \"w\" } } }", "{ \"do\": \"check\", \"device\": \"disk\", \"sector\": 0, \"count\": 8, \"expect\": { \"data\": { \"same_as\": \"r\" } } }"), "$.steps[3].expect.data.same_as", "not the id of an earlier write request");
        yield return new("dangling", "wait for a sync request", Edit("{ \"do\": \"wait\" }", "{ \"do\": \"wait\", \"id\": \"w\" }"), "$.steps[5].id", "not the id of an earlier async request");
        yield return new("dangling", "wait for an unknown request", Edit("{ \"do\": \"wait\" }", "{ \"do\": \"wait\", \"id\": \"zz\" }"), "$.steps[5].id", "not the id of an earlier async request");

        // malformed table lines inside a scenario
        yield return new("malformed", "a table line of two words", Edit("0 64 flakey disk 0 1 1", "0 64"), "$.devices[2].table[0]", "needs at least <start> <length> <target>");
        yield return new("malformed", "an empty table", Edit("[ \"0 64 flakey disk 0 1 1\" ]", "[ ]"), "$.devices[2].table", "at least one line");
        yield return new("malformed", "a table of only comments", Edit("[ \"0 64 flakey disk 0 1 1\" ]", "[ \"# nothing\", \"  \" ]"), "$.devices[2].table", "at least one line");
        yield return new("malformed", "a table that is a number", Edit("[ \"0 64 flakey disk 0 1 1\" ]", "42"), "$.devices[2].table", "expected an array");
        yield return new("malformed", "a non-number length", Edit("0 64 flakey disk 0 1 1", "0 x flakey disk 0 1 1"), "$.devices[2].table[0]", "field 'length'", AtBuild: true);
        yield return new("malformed", "flakey up interval x", Edit("0 64 flakey disk 0 1 1", "0 64 flakey disk 0 x 1"), "$.devices[2].table[0]", "field 'up_interval'", AtBuild: true);
        yield return new("malformed", "a gap between lines", Edit("[ \"0 64 flakey disk 0 1 1\" ]", "[ \"0 8 linear disk 0\", \"16 8 linear disk 8\" ]"), "$.devices[2].table[1]", "table line '16 8 linear disk 8'", AtBuild: true);
        yield return new("malformed", "dust block size 1000", Edit("0 64 flakey disk 0 1 1", "0 64 dust disk 0 1000"), "$.devices[2].table[0]", "field 'blksz'", AtBuild: true);
        yield return new("malformed", "a negative latency", Edit("0 64 rules img 0", "0 64 latency img 0 fixed:-1ms"), "$.devices[3].table[0]", "table line '0 64 latency img 0 fixed:-1ms'", AtBuild: true);
        yield return new("malformed", "an unknown crash policy", Edit("0 64 rules img 0", "0 64 volatile_cache img 0 sometimes"), "$.devices[3].table[0]", "table line '0 64 volatile_cache img 0 sometimes'", AtBuild: true);

        // unknown step kinds
        yield return new("unknown names", "step kind explode", Edit("{ \"do\": \"wait\" }", "{ \"do\": \"explode\" }"), "$.steps[5].do", "unknown step kind 'explode'");
        yield return new("null", "a step without do", Edit("{ \"do\": \"wait\" }", "{ \"id\": \"x\" }"), "$.steps[5].do", "missing required field 'do'");
        yield return new("malformed", "do as a number", Edit("{ \"do\": \"wait\" }", "{ \"do\": 5 }"), "$.steps[5].do", "expected a string");
        yield return new("malformed", "a step that is a number", Edit("{ \"do\": \"wait\" }", "7"), "$.steps[5]", "expected an object");
        yield return new("malformed", "a step field of another kind", Edit("{ \"do\": \"wait\" }", "{ \"do\": \"wait\", \"by\": \"1ms\" }"), "$.steps[5].by", "unknown field 'by'");

        // resource limits (ResourceLimits.Default): refused at load so that every accepted file runs to a result
        yield return new("resource limit", "a memory backend past 4 GiB", Edit("\"memory\", \"sectors\": 64 }", "\"memory\", \"sectors\": 8388609 }"), "$.devices[0].sectors", "past the limit of 4GiB (--max-device-bytes)");
        yield return new("resource limit", "a write region of 524289 sectors (256 MiB + 512)", Edit("\"count\": 8 } ], \"payload\"", "\"count\": 524289 } ], \"payload\""), "$.steps[0].regions[0].count", "past the limit of 256MiB (--max-request-bytes)");
        yield return new("resource limit", "a write region of 4194304 sectors (2 GiB, once an overflow in the run)", Edit("\"count\": 8 } ], \"payload\"", "\"count\": 4194304 } ], \"payload\""), "$.steps[0].regions[0].count", "needs a buffer of 2GiB");
        yield return new("resource limit", "a write region of 2^32 sectors", Edit("\"count\": 8 } ], \"payload\"", "\"count\": 4294967296 } ], \"payload\""), "$.steps[0].regions[0].count", "(--max-request-bytes)");
        yield return new("resource limit", "a check of 4194304 sectors (once an overflow in the run)", Edit("\"check\", \"device\": \"disk\", \"sector\": 0, \"count\": 8", "\"check\", \"device\": \"disk\", \"sector\": 0, \"count\": 4194304"), "$.steps[3].count", "a check of 4194304 sectors needs a buffer of 2GiB");
        yield return new("resource limit", "client pages 16385 (65540 io objects)", Edit("\"pages\": 1", "\"pages\": 16385"), "$.client.pages", "65540 io objects, past the limit of 65536 (--max-pool-objects)");
        yield return new("resource limit", "pool get 16385 pages", Edit("{ \"do\": \"wait\" }", "{ \"do\": \"pool\", \"get\": 16385 }, { \"do\": \"wait\" }"), "$.steps[5].get", "legacy pool would hold 65540 io objects");
        yield return new("resource limit", "two pool gets of 10000 pages", Edit("{ \"do\": \"wait\" }", "{ \"do\": \"pool\", \"get\": 10000 }, { \"do\": \"pool\", \"get\": 10000 }, { \"do\": \"wait\" }"), "$.steps[6].get", "legacy pool would hold 80000 io objects");
        yield return new("resource limit", "advance by 86401 s", Edit("\"by\": \"1ms\"", "\"by\": \"86401s\""), "$.steps[2].by", "past the limit of 86400 s (--max-virtual-time)");
        yield return new("resource limit", "two advances of 50000 s", Edit("{ \"do\": \"wait\" }", "{ \"do\": \"advance\", \"by\": \"50000s\" }, { \"do\": \"advance\", \"by\": \"50000s\" }, { \"do\": \"wait\" }"), "$.steps[6].by", "(--max-virtual-time)");
        yield return new("resource limit", "100001 steps", Edit("{ \"do\": \"wait\" }", string.Join(", ", Enumerable.Repeat("{ \"do\": \"wait\" }", 100_001 - 5))), "$.steps[100000]", "step 100000 is past the limit of 100000 steps (--max-steps)");
    }

    /// <summary>The valid scenario with one edit; fails loudly when the text to replace is not there (a typo in a row).</summary>
    private static string Edit(string find, string replacement)
    {
        int at = Valid.IndexOf(find, StringComparison.Ordinal);
        if (at < 0 || Valid.IndexOf(find, at + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"catalogue row: '{find}' must occur exactly once in the valid scenario");
        }

        return Valid[..at] + replacement + Valid[(at + find.Length)..];
    }
}
