using System.Globalization;
using DmIo.Nbd.Exports;

namespace DmIo.Nbd.Serving;

/// <summary>
/// The trace marks of an NBD session, which is all a replay needs besides the scenario: which exports were served,
/// each request in the order it reached its device (<c>nbd write export=a offset=4096 length=512 flags=fua</c>) and
/// each control step (<c>nbd step {...}</c>). Each mark's time is when it happened on the virtual clock.
/// </summary>
public static class NbdRequestMark
{
    /// <summary>What every mark of an NBD session starts with.</summary>
    public const string Prefix = "nbd ";

    /// <summary>The first mark of a session, after the scenario's own steps: <c>nbd serve a=d0 b=d1</c>.</summary>
    public const string ServePrefix = Prefix + "serve";

    /// <summary>The mark of a control step: <c>nbd step</c> and the step object's JSON.</summary>
    public const string StepPrefix = Prefix + "step ";

    /// <summary>The serve mark for the exports, in order.</summary>
    /// <param name="exports">Export name and device name pairs.</param>
    /// <returns>The mark's text.</returns>
    public static string Serve(IEnumerable<(string Export, string Device)> exports) =>
        ServePrefix + string.Concat(exports.Select(e => $" {e.Export}={e.Device}"));

    /// <summary>The mark of one request.</summary>
    /// <param name="export">The export's name.</param>
    /// <param name="io">The request.</param>
    /// <returns>The mark's text.</returns>
    public static string Request(string export, in NbdIo io) => string.Create(CultureInfo.InvariantCulture,
        $"{Prefix}{CommandName(io.Command)} export={export} offset={io.Offset} length={io.Length} flags={FlagNames(io.Flags)}");

    /// <summary>Reads a request mark back.</summary>
    /// <param name="text">A mark's text.</param>
    /// <param name="export">The export's name.</param>
    /// <param name="io">The request (its cookie is 0: the trace does not keep it).</param>
    /// <returns>False when <paramref name="text"/> is not a request mark.</returns>
    public static bool TryParseRequest(string text, out string export, out NbdIo io)
    {
        ArgumentNullException.ThrowIfNull(text);
        export = string.Empty;
        io = default;
        string[] words = text.Split(' ');
        if (words.Length != 6 || words[0] != "nbd" || !TryCommand(words[1], out NbdCommand command)
            || !TryField(words[2], "export", out string name) || !TryField(words[3], "offset", out string offset)
            || !TryField(words[4], "length", out string length) || !TryField(words[5], "flags", out string flags)
            || !long.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out long offsetValue)
            || !int.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out int lengthValue)
            || !TryFlags(flags, out NbdCommandFlags flagValue))
        {
            return false;
        }

        export = name;
        io = new NbdIo(command, flagValue, 0, offsetValue, lengthValue);
        return true;
    }

    /// <summary>The name a command has in marks: <c>read</c>, <c>write</c>, <c>flush</c>, <c>trim</c>, <c>write_zeroes</c>.</summary>
    /// <param name="command">The command.</param>
    /// <returns>Its name.</returns>
    public static string CommandName(NbdCommand command) => command switch
    {
        NbdCommand.Read => "read",
        NbdCommand.Write => "write",
        NbdCommand.Flush => "flush",
        NbdCommand.Trim => "trim",
        NbdCommand.WriteZeroes => "write_zeroes",
        _ => command.ToString().ToLowerInvariant(),
    };

    private static bool TryCommand(string word, out NbdCommand command)
    {
        foreach (NbdCommand c in new[] { NbdCommand.Read, NbdCommand.Write, NbdCommand.Flush, NbdCommand.Trim, NbdCommand.WriteZeroes })
        {
            if (word == CommandName(c))
            {
                command = c;
                return true;
            }
        }

        command = default;
        return false;
    }

    private static string FlagNames(NbdCommandFlags flags)
    {
        if (flags == NbdCommandFlags.None)
        {
            return "none";
        }

        var names = new List<string>();
        if ((flags & NbdCommandFlags.Fua) != 0)
        {
            names.Add("fua");
        }

        if ((flags & NbdCommandFlags.NoHole) != 0)
        {
            names.Add("no_hole");
        }

        if ((flags & NbdCommandFlags.FastZero) != 0)
        {
            names.Add("fast_zero");
        }

        if ((flags & NbdCommandFlags.DontFragment) != 0)
        {
            names.Add("df");
        }

        return string.Join('|', names);
    }

    private static bool TryFlags(string text, out NbdCommandFlags flags)
    {
        flags = NbdCommandFlags.None;
        if (text == "none")
        {
            return true;
        }

        foreach (string name in text.Split('|'))
        {
            NbdCommandFlags? flag = name switch
            {
                "fua" => NbdCommandFlags.Fua,
                "no_hole" => NbdCommandFlags.NoHole,
                "fast_zero" => NbdCommandFlags.FastZero,
                "df" => NbdCommandFlags.DontFragment,
                _ => null,
            };
            if (flag is null)
            {
                return false;
            }

            flags |= flag.Value;
        }

        return true;
    }

    private static bool TryField(string word, string name, out string value)
    {
        value = string.Empty;
        if (!word.StartsWith(name + "=", StringComparison.Ordinal))
        {
            return false;
        }

        value = word[(name.Length + 1)..];
        return value.Length > 0;
    }
}
