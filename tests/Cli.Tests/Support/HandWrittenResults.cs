namespace DmIo.Cli.Tests.Support;

/// <summary>Small result documents written by hand, so what a test expects of them is known without the code under test.</summary>
internal static class HandWrittenResults
{
    /// <summary>
    /// Two devices with bios (a, b) and one without (idle). Bio 1 on a is ok with PREFLUSH and FUA from 0 to 400 µs;
    /// bio 2 on b fails with ioerr at 100..150 µs after fault decision 0; bio 3 on b is not supported at 200..210 µs.
    /// The run ends at 527569 ns, so the axis is microseconds with ticks every 200.
    /// </summary>
    public const string Mixed = """
        {
          "format": 1, "scenario": "hand-mixed", "seed": 9, "passed": false, "error": null, "end_ns": 527569,
          "steps": [
            { "index": 0, "do": "io", "id": "w", "op": "write", "flags": "preflush,fua", "mode": "sync", "rc": 0, "error_bits": 0, "regions": [], "failures": [] },
            { "index": 1, "do": "io", "id": "bad", "op": "write", "flags": "", "mode": "sync", "rc": -5, "error_bits": 1, "regions": [], "failures": ["rc: expected 0, got -5"] }
          ],
          "faults": [ { "seq": 0, "t": 100000, "dev": "b", "bio": 2, "op": "write", "sector": 8, "count": 8, "rule": "kill-b", "action": "fail", "status": "ioerr" } ],
          "bios": [
            { "dev": "a", "bio": 1, "step": 0, "op": "write", "flags": "sync,preflush,fua", "sector": 0, "count": 8, "submit_ns": 0, "complete_ns": 400000, "status": "ok" },
            { "dev": "b", "bio": 2, "step": 1, "op": "write", "flags": "", "sector": 8, "count": 8, "submit_ns": 100000, "complete_ns": 150000, "status": "ioerr" },
            { "dev": "b", "bio": 3, "step": 1, "op": "discard", "flags": "", "sector": 16, "count": 8, "submit_ns": 200000, "complete_ns": 210000, "status": "notsupp" },
            { "dev": "a", "bio": 4, "step": 1, "op": "read", "flags": "", "sector": 0, "count": 8, "submit_ns": 527569, "complete_ns": 527569, "status": "ok" }
          ],
          "devices": [
            { "name": "idle", "kind": "memory", "sectors": 64, "digest": "00000000000000aa" },
            { "name": "a", "kind": "memory", "sectors": 64, "digest": "00000000000000bb" },
            { "name": "b", "kind": "memory", "sectors": 64, "digest": "00000000000000cc" }
          ],
          "failures": ["step 1 (io bad): rc: expected 0, got -5"]
        }
        """;

    /// <summary>Three ok bios on one device, every one submitted and completed at virtual time 0 (as generated runs are).</summary>
    public const string AllAtTimeZero = """
        {
          "format": 1, "scenario": "hand-zero", "seed": 1, "passed": true, "error": null, "end_ns": 0,
          "steps": [ { "index": 0, "do": "io", "id": "r0", "op": "write", "flags": "", "mode": "sync", "rc": 0, "error_bits": 0, "regions": [], "failures": [] } ],
          "faults": [],
          "bios": [
            { "dev": "m", "bio": 1, "step": 0, "op": "write", "flags": "", "sector": 0, "count": 8, "submit_ns": 0, "complete_ns": 0, "status": "ok" },
            { "dev": "m", "bio": 2, "step": 0, "op": "write", "flags": "", "sector": 8, "count": 8, "submit_ns": 0, "complete_ns": 0, "status": "ok" },
            { "dev": "m", "bio": 3, "step": 0, "op": "write", "flags": "", "sector": 16, "count": 8, "submit_ns": 0, "complete_ns": 0, "status": "ok" }
          ],
          "devices": [ { "name": "m", "kind": "memory", "sectors": 64, "digest": "00000000000000dd" } ],
          "failures": []
        }
        """;
}
