using System.Text.RegularExpressions;

namespace DmIo.Nbd.Serving;

/// <summary>One <c>--export NAME=DEVICE</c>: serve the scenario's device <paramref name="Device"/> as export <paramref name="Export"/>.</summary>
/// <param name="Export">The export's name: letters, digits, '.', '_' and '-', at most 64 of them.</param>
/// <param name="Device">The scenario device's name.</param>
public sealed partial record NbdExportSpec(string Export, string Device)
{
    /// <summary>Reads <c>NAME=DEVICE</c>.</summary>
    /// <param name="text">The option's value.</param>
    /// <returns>The export.</returns>
    /// <exception cref="FormatException">The text is not NAME=DEVICE with a valid name; the message says which part is wrong.</exception>
    public static NbdExportSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            throw new FormatException($"--export '{text}': expected NAME=DEVICE, for example --export disk=d0");
        }

        string name = text[..equals];
        if (!ExportName().IsMatch(name))
        {
            throw new FormatException($"--export '{text}': the export name '{name}' may only have letters, digits, '.', '_' and '-' (at most 64)");
        }

        return new NbdExportSpec(name, text[(equals + 1)..]);
    }

    /// <summary>Checks a list of exports against the scenario's devices: names unique, devices declared.</summary>
    /// <param name="exports">The exports, in order.</param>
    /// <param name="devices">The scenario's device names.</param>
    /// <exception cref="FormatException">An export repeats a name or names no device; the message says which.</exception>
    public static void Check(IReadOnlyList<NbdExportSpec> exports, IReadOnlyCollection<string> devices)
    {
        ArgumentNullException.ThrowIfNull(exports);
        ArgumentNullException.ThrowIfNull(devices);
        if (exports.Count == 0)
        {
            throw new FormatException("--export: give at least one NAME=DEVICE");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (NbdExportSpec export in exports)
        {
            if (!seen.Add(export.Export))
            {
                throw new FormatException($"--export {export.Export}={export.Device}: the export name '{export.Export}' is given twice");
            }

            if (!devices.Contains(export.Device))
            {
                throw new FormatException($"--export {export.Export}={export.Device}: the scenario has no device '{export.Device}' (devices: {string.Join(", ", devices)})");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ExportName();
}
