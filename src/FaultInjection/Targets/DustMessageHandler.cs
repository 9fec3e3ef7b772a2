using System.Globalization;
using System.Text;
using DmIo.VirtualDevices.Tables;

namespace DmIo.FaultInjection;

/// <summary>
/// The kernel's <c>dust_message</c>: parses a <c>dmsetup message</c> for a dust device, applies it and returns
/// its output text, logging what the kernel logs. Numbers are parsed before the message name is looked at and the
/// block range is the underlying device's size in blocks, as in the kernel (which accepts a block equal to it).
/// </summary>
internal static class DustMessageHandler
{
    /// <summary>Handles <paramref name="argv"/>.</summary>
    /// <param name="device">The device's name, for errors.</param>
    /// <param name="state">Its state.</param>
    /// <param name="deviceBlocks">The underlying device's size in dust blocks.</param>
    /// <param name="argv">The message's words.</param>
    /// <returns>The text <c>dmsetup message</c> prints (empty for enable, disable, quiet, add and remove).</returns>
    public static string Handle(string device, DustBadBlockList state, long deviceBlocks, IReadOnlyList<string> argv)
    {
        lock (state.Lock)
        {
            return argv.Count switch
            {
                0 => throw Reject(device, argv, "message", "Empty message received.", "Empty message received."),
                1 => HandleOneWord(device, state, argv),
                2 => HandleBlockMessage(device, state, deviceBlocks, argv, ParseBlock(device, argv), 0),
                3 => HandleBlockMessage(device, state, deviceBlocks, argv, ParseBlock(device, argv), ParseWriteFailCount(device, state, argv)),
                _ => throw Logged(device, state, argv, "message", $"invalid number of arguments '{argv.Count}'"),
            };
        }
    }

    private static string HandleOneWord(string device, DustBadBlockList state, IReadOnlyList<string> argv)
    {
        string word = argv[0];
        if (Is(word, "addbadblock") || Is(word, "removebadblock") || Is(word, "queryblock"))
        {
            throw Logged(device, state, argv, "blknum", $"{word} requires an additional argument");
        }

        if (Is(word, "disable"))
        {
            state.Log("disabling read failures on bad sectors");
            state.Enabled = false;
            return string.Empty;
        }

        if (Is(word, "enable"))
        {
            state.Log("enabling read failures on bad sectors");
            state.Enabled = true;
            return string.Empty;
        }

        if (Is(word, "countbadblocks"))
        {
            return string.Create(CultureInfo.InvariantCulture, $"countbadblocks: {state.Blocks.Count} badblock(s) found");
        }

        if (Is(word, "clearbadblocks"))
        {
            bool any = state.Blocks.Count > 0;
            state.Blocks.Clear();
            return any ? "dust_clear_badblocks: badblocks cleared" : "dust_clear_badblocks: no badblocks found";
        }

        if (Is(word, "quiet"))
        {
            state.Quiet = !state.Quiet;
            return string.Empty;
        }

        if (Is(word, "listbadblocks"))
        {
            if (state.Blocks.Count == 0)
            {
                return "No blocks in badblocklist";
            }

            var list = new StringBuilder();
            foreach (long block in state.Blocks.Keys)
            {
                list.Append(block.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            return list.ToString();
        }

        throw Logged(device, state, argv, "message", $"unrecognized message '{word}' received");
    }

    private static string HandleBlockMessage(string device, DustBadBlockList state, long deviceBlocks, IReadOnlyList<string> argv,
        long block, byte writeFailCount)
    {
        if (block > deviceBlocks)
        {
            throw Logged(device, state, argv, "blknum", "selected block value out of range");
        }

        string word = argv[0];
        if (Is(word, "addbadblock"))
        {
            if (!state.Blocks.TryAdd(block, writeFailCount))
            {
                throw LoggedUnlessQuiet(device, state, argv, "blknum", $"block {block} already in badblocklist", $"dust_add_block: block {block} already in badblocklist");
            }

            state.LogUnlessQuiet($"dust_add_block: badblock added at block {block} with write fail count {writeFailCount}");
            return string.Empty;
        }

        if (argv.Count == 2 && Is(word, "removebadblock"))
        {
            if (!state.Blocks.Remove(block))
            {
                throw LoggedUnlessQuiet(device, state, argv, "blknum", $"block {block} not found in badblocklist", $"dust_remove_block: block {block} not found in badblocklist");
            }

            state.LogUnlessQuiet($"dust_remove_block: badblock removed at block {block}");
            return string.Empty;
        }

        if (argv.Count == 2 && Is(word, "queryblock"))
        {
            return state.Blocks.ContainsKey(block)
                ? $"dust_query_block: block {block} found in badblocklist"
                : $"dust_query_block: block {block} not found in badblocklist";
        }

        throw Logged(device, state, argv, "message", $"unrecognized message '{word}' received");
    }

    private static long ParseBlock(string device, IReadOnlyList<string> argv) =>
        long.TryParse(argv[1], NumberStyles.None, CultureInfo.InvariantCulture, out long block)
            ? block
            : throw Reject(device, argv, "blknum", $"'{argv[1]}' is not a block number");

    private static byte ParseWriteFailCount(string device, DustBadBlockList state, IReadOnlyList<string> argv)
    {
        if (!KernelScan.TryUnsigned32(argv[2], out uint count))
        {
            throw Reject(device, argv, "wr_fail_cnt", $"'{argv[2]}' is not a write fail count");
        }

        return count <= byte.MaxValue ? (byte)count : throw Logged(device, state, argv, "wr_fail_cnt", "selected write fail count out of range");
    }

    private static bool Is(string word, string keyword) => KernelArgumentParser.Is(word, keyword);

    private static DeviceMessageException Logged(string device, DustBadBlockList state, IReadOnlyList<string> argv, string field, string problem)
    {
        state.Log(problem);
        return Reject(device, argv, field, problem, problem);
    }

    private static DeviceMessageException LoggedUnlessQuiet(string device, DustBadBlockList state, IReadOnlyList<string> argv, string field,
        string problem, string logged)
    {
        state.LogUnlessQuiet(logged);
        return Reject(device, argv, field, problem, state.Quiet ? null : logged);
    }

    // A refusal the kernel returns without logging anything has no kernel message.
    private static DeviceMessageException Reject(string device, IReadOnlyList<string> argv, string field, string problem, string? kernelMessage = null) =>
        new(device, argv, field, problem, kernelMessage);
}
