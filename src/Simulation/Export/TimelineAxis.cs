using System.Globalization;

namespace DmIo.Simulation.Export;

/// <summary>
/// The x axis of a timeline as fractions of the plot width. Normally virtual time, in the unit (ns, µs, ms, s) that
/// suits the run's length with round ticks. When every bio and fault decision happened at virtual time 0 (memory
/// devices complete at once, so generated runs do), time cannot separate them: the axis then falls back to submission
/// order, one equal slot per bio, and its label says so.
/// </summary>
internal sealed class TimelineAxis
{
    private readonly long _endNs;
    private readonly int _slots;

    public TimelineAxis(IReadOnlyList<ViewBio> bios, IReadOnlyList<ViewFault> faults)
    {
        _endNs = bios.Select(b => Math.Max(b.SubmitNs, b.CompleteNs)).Concat(faults.Select(f => f.T)).DefaultIfEmpty(0).Max();
        _slots = Math.Max(1, bios.Count);
        if (BySequence)
        {
            Label = "bio submission order: every bio ran at virtual time 0 ns, so each gets one equal slot in the order submitted";
            Ticks = NiceTicks(bios.Count).Select(n => (n / _slots, n.ToString("0", CultureInfo.InvariantCulture))).ToList();
        }
        else
        {
            (string unit, double per) = _endNs switch
            {
                >= 1_000_000_000 => ("s", 1e9),
                >= 1_000_000 => ("ms", 1e6),
                >= 1_000 => ("µs", 1e3),
                _ => ("ns", 1.0),
            };
            Label = $"virtual time ({unit})";
            Ticks = NiceTicks(_endNs / per).Select(v => (v * per / _endNs, v.ToString("0.###", CultureInfo.InvariantCulture))).ToList();
        }
    }

    /// <summary>True when the axis is submission order, not time.</summary>
    public bool BySequence => _endNs <= 0;

    /// <summary>What the axis shows, with its unit.</summary>
    public string Label { get; }

    /// <summary>Tick positions (fractions of the width) and their texts.</summary>
    public IReadOnlyList<(double At, string Text)> Ticks { get; }

    /// <summary>Where a bio starts.</summary>
    public double Start(ViewBio bio) => BySequence ? (double)bio.Order / _slots : Fraction(bio.SubmitNs);

    /// <summary>Where a bio ends (a pending bio runs to the end).</summary>
    public double End(ViewBio bio) => BySequence ? (bio.Order + 1.0) / _slots : bio.Pending ? 1.0 : Fraction(bio.CompleteNs);

    /// <summary>Where a fault decision sits: at its bio when the axis is submission order, else at its time.</summary>
    public double At(ViewFault fault, ViewBio? bio) => BySequence ? bio is null ? 0 : (bio.Order + 0.5) / _slots : Fraction(fault.T);

    private double Fraction(long ns) => Math.Clamp((double)ns / _endNs, 0, 1);

    private static IEnumerable<double> NiceTicks(double range)
    {
        if (range <= 0)
        {
            return [0];
        }

        double raw = range / 5;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        if (range >= 1 && range < 5 && step < 1)
        {
            step = 1;
        }

        return Enumerable.Range(0, (int)Math.Floor((range / step) + 1e-9) + 1).Select(i => Math.Round(i * step, 9));
    }
}
