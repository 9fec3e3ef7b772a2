using System.Text;
using Xunit.Sdk;

namespace DmIo.Scenarios.Support;

/// <summary>
/// The approved-snapshot convention (as Verify uses it): <c>name.verified.json</c> is committed; a run that produces
/// anything else writes <c>name.received.json</c> beside it and fails with a line diff. Accept a change by renaming
/// the received file over the verified one (or run with <c>DMIO_ACCEPT=1</c>), after reading it.
/// Moving to Verify later means replacing the body of <see cref="Match"/> with <c>Verifier.Verify(actual)</c>.
/// </summary>
internal static class ApprovedSnapshot
{
    /// <summary>Compares <paramref name="actual"/> with the approved file for <paramref name="stem"/> (a path without extension).</summary>
    public static void Match(string actual, string stem)
    {
        string verified = stem + ".verified.json";
        string received = stem + ".received.json";
        string? approved = File.Exists(verified) ? File.ReadAllText(verified) : null;
        if (approved == actual)
        {
            File.Delete(received);
            return;
        }

        if (Environment.GetEnvironmentVariable("DMIO_ACCEPT") == "1")
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        throw new XunitException(approved is null
            ? $"No approved result yet: read {received} and, if it is right, rename it to {Path.GetFileName(verified)}."
            : $"Result differs from {Path.GetFileName(verified)} (new result written to {Path.GetFileName(received)}):\n{Diff(approved, actual)}");
    }

    /// <summary>The first differing lines with a little context, marked - (approved) and + (received).</summary>
    internal static string Diff(string expected, string actual)
    {
        string[] a = expected.Split('\n');
        string[] b = actual.Split('\n');
        int first = 0;
        while (first < a.Length && first < b.Length && a[first] == b[first])
        {
            first++;
        }

        int tailA = a.Length - 1;
        int tailB = b.Length - 1;
        while (tailA > first && tailB > first && a[tailA] == b[tailB])
        {
            tailA--;
            tailB--;
        }

        var text = new StringBuilder();
        for (int i = Math.Max(0, first - 3); i < first; i++)
        {
            text.Append("  ").Append(i + 1).Append(": ").AppendLine(a[i]);
        }

        for (int i = first; i <= tailA && i < first + 15; i++)
        {
            text.Append("- ").Append(i + 1).Append(": ").AppendLine(a[i]);
        }

        for (int i = first; i <= tailB && i < first + 15; i++)
        {
            text.Append("+ ").Append(i + 1).Append(": ").AppendLine(b[i]);
        }

        return text.ToString();
    }
}
