namespace DmIo.Cli.Tests.Support;

/// <summary>Sweep templates shared by the sweep and merge tests.</summary>
internal static class SweepTemplates
{
    /// <summary>One write that fails with probability 30%: one failure group.</summary>
    public const string Coin = """
        {
          "format": 1, "name": "coin", "description": "a write that fails on some seeds", "seed": 0,
          "devices": [ { "name": "disk", "backend": "memory", "sectors": 64 }, { "name": "r", "table": [ "0 64 rules disk 0" ] } ],
          "steps": [
            { "do": "message", "device": "r", "text": "add name=coin op=write prob=30% action=fail" },
            { "do": "io", "id": "w", "op": "write", "regions": [ { "device": "r", "sector": 0, "count": 8 } ], "expect": { "rc": 0 } }
          ]
        }
        """;

    /// <summary>Two writes that each fail with probability 30%: a seed fails first at step 1 or at step 2, two groups.</summary>
    public const string TwoCoins = """
        {
          "format": 1, "name": "two-coins", "seed": 0,
          "devices": [ { "name": "disk", "backend": "memory", "sectors": 64 }, { "name": "r", "table": [ "0 64 rules disk 0" ] } ],
          "steps": [
            { "do": "message", "device": "r", "text": "add name=coin op=write prob=30% action=fail" },
            { "do": "io", "id": "w1", "op": "write", "regions": [ { "device": "r", "sector": 0, "count": 8 } ], "expect": { "rc": 0 } },
            { "do": "io", "id": "w2", "op": "write", "regions": [ { "device": "r", "sector": 8, "count": 8 } ], "expect": { "rc": 0 } }
          ]
        }
        """;
}
