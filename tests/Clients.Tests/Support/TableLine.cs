using DmIo.VirtualDevices.Tables;

namespace DmIo.Clients.Tests.Support;

/// <summary>Builds <see cref="TargetArguments"/> from a dmsetup table line, resolving device names from a list.</summary>
internal static class TableLine
{
    /// <summary>Parses <c>&lt;start&gt; &lt;length&gt; &lt;target&gt; &lt;args...&gt;</c> for a device called <c>dm0</c>.</summary>
    public static TargetArguments Parse(string line, IIoScheduler scheduler, params IBlockDevice[] devices)
    {
        string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new TargetArguments("dm0", 1, line, long.Parse(words[0], System.Globalization.CultureInfo.InvariantCulture),
            long.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture), words[2], words[3..],
            name => devices.FirstOrDefault(d => d.Name == name), scheduler, new DeterministicRandom(7));
    }
}
