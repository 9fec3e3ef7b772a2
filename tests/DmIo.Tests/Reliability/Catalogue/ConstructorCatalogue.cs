using Xunit.Abstractions;

namespace DmIo.Tests.Reliability;

/// <summary>One bad constructor call and the exception (type and parameter name) it must throw.</summary>
public sealed record ConstructorCase(string EntryPoint, string InputClass, string Input, Type Exception, string Param, Func<object> Act);

/// <summary>
/// Runs a catalogue of bad constructor calls; shared by the device and fault-device catalogues (linked into their
/// test projects) so both check and report the same way.
/// </summary>
public static class ConstructorCatalogue
{
    /// <summary>Runs every case, prints the inputs tried per entry point, and fails listing every case that did not throw as expected.</summary>
    public static void Check(IEnumerable<ConstructorCase> cases, ITestOutputHelper output, string label)
    {
        var failures = new List<string>();
        var perEntry = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (ConstructorCase c in cases)
        {
            Exception? thrown = Record.Exception(c.Act);
            if (thrown?.GetType() != c.Exception || (thrown as ArgumentException)?.ParamName != c.Param)
            {
                failures.Add($"{c.EntryPoint} / {c.InputClass} / {c.Input}: expected {c.Exception.Name}({c.Param}), got {thrown?.GetType().Name ?? "a device"}({(thrown as ArgumentException)?.ParamName}): {thrown?.Message}");
            }

            perEntry[c.EntryPoint] = perEntry.GetValueOrDefault(c.EntryPoint) + 1;
        }

        output.WriteLine($"{label}: {perEntry.Values.Sum()} inputs: {string.Join(", ", perEntry.Select(p => $"{p.Key} {p.Value}"))}");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
