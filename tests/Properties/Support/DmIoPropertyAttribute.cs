using System.Globalization;
using FsCheck.Xunit;

namespace DmIo.Properties;

/// <summary>
/// FsCheck.Xunit's <see cref="PropertyAttribute"/> with this suite's case count: <paramref name="defaultCases"/> unless
/// <c>DMIO_PROPERTY_CASES</c> says otherwise (a number of cases for every property, or <c>x&lt;factor&gt;</c> scaling
/// each property's default), and the arbitraries of <see cref="DmIoArbitraries"/> registered (so a
/// property may take a <see cref="StackRequest"/>, <see cref="StackNode"/>, <see cref="MemoryLayout"/>, ... argument). An explicit <c>MaxTest</c> or <c>Replay</c> on the attribute wins (a pasted replay runs one case).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DmIoPropertyAttribute : PropertyAttribute
{
    /// <summary>Environment variable holding the case count or multiplier.</summary>
    public const string CasesVariable = "DMIO_PROPERTY_CASES";

    /// <summary>Creates the attribute.</summary>
    /// <param name="defaultCases">Cases when <c>DMIO_PROPERTY_CASES</c> is not set.</param>
    public DmIoPropertyAttribute(int defaultCases)
    {
        MaxTest = Cases(defaultCases, Environment.GetEnvironmentVariable(CasesVariable));
        Arbitrary = [typeof(DmIoArbitraries)];
    }

    /// <summary>The case count for a property whose default is <paramref name="defaultCases"/>, given the variable's text.</summary>
    /// <param name="defaultCases">The property's default.</param>
    /// <param name="text">The value of <c>DMIO_PROPERTY_CASES</c>, or null when unset.</param>
    /// <returns>The count to run.</returns>
    public static int Cases(int defaultCases, string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return defaultCases;
        }

        if (text.StartsWith('x') && double.TryParse(text[1..], NumberStyles.Float, CultureInfo.InvariantCulture, out double factor) && factor > 0)
        {
            return Math.Max(1, (int)Math.Round(defaultCases * factor));
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int cases) && cases > 0
            ? cases
            : throw new InvalidOperationException($"{CasesVariable} must be a positive number or a multiplier like x4, not '{text}'.");
    }
}
