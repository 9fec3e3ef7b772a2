using System.Globalization;
using System.Text;

namespace DmIo.VirtualDevices.Tables;

/// <summary>
/// Builds the text <c>dmsetup table</c> and <c>dmsetup status</c> print for a whole table: one line per target,
/// <c>&lt;start&gt; &lt;length&gt; &lt;type&gt; &lt;text&gt;</c>, each ending in a newline. The kernel's <c>retrieve_status</c>
/// hands dmsetup the start, length, type and the target's own text; dmsetup prints the first three followed by a
/// space and then the text, so a target that prints nothing leaves a trailing space (<c>0 8 error </c>).
/// </summary>
internal static class TableText
{
    /// <summary>The <c>dmsetup table</c> text of <paramref name="segments"/>.</summary>
    /// <param name="segments">The table's segments, in order.</param>
    /// <returns>One line per segment.</returns>
    public static string Table(IReadOnlyList<TableSegment> segments) => Lines(segments, table: true);

    /// <summary>The <c>dmsetup status</c> text of <paramref name="segments"/>.</summary>
    /// <param name="segments">The table's segments, in order.</param>
    /// <returns>One line per segment.</returns>
    public static string Status(IReadOnlyList<TableSegment> segments) => Lines(segments, table: false);

    private static string Lines(IReadOnlyList<TableSegment> segments, bool table)
    {
        var text = new StringBuilder();
        foreach (TableSegment segment in segments)
        {
            (string type, string own) = Describe(segment, table);
            text.Append(CultureInfo.InvariantCulture, $"{segment.StartSector} {segment.LengthSectors} {type} {own}\n");
        }

        return text.ToString();
    }

    // A kernel target speaks for itself. Any other target (the simulation's own) is printed from the words of the
    // line that built it, with no status, as the kernel prints a target that has no status function.
    private static (string Type, string Text) Describe(TableSegment segment, bool table)
    {
        if (segment.Target is ITargetText target)
        {
            return (target.TargetType, table ? target.Table : target.Status);
        }

        string type = segment.TargetType ?? segment.Target.GetType().Name;
        return (type, table ? segment.Arguments ?? string.Empty : string.Empty);
    }
}
