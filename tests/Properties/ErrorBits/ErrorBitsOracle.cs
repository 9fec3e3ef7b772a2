using DmIo.FaultInjection;

namespace DmIo.Properties;

/// <summary>
/// The error bits a request should get, computed without the engine: from the generated stacks (capacity, supported
/// operations, how each region maps onto each fault device's own sectors) and the independent fault record.
/// </summary>
internal static class ErrorBitsOracle
{
    /// <summary>Why a region's bit is expected set.</summary>
    internal enum Reason
    {
        /// <summary>Not expected set.</summary>
        None,

        /// <summary>PREFLUSH or FUA on an operation other than write.</summary>
        FlagsUnsupported,

        /// <summary>Discard or write-zeroes on a stack whose backends do not all support it.</summary>
        OperationUnsupported,

        /// <summary>The region runs past the end of its stack.</summary>
        OutOfRange,

        /// <summary>A fault device recorded a failed bio in the region.</summary>
        Fault,
    }

    /// <summary>The reason each region's bit is expected set, or <see cref="Reason.None"/>.</summary>
    /// <param name="c">The case.</param>
    /// <param name="decisions">The fault record after the request.</param>
    /// <returns>One reason per region.</returns>
    public static Reason[] Reasons(ErrorBitsCase c, IReadOnlyList<FaultDecision> decisions)
    {
        bool preflush = (c.Flags & BioFlags.Preflush) != 0;
        bool flushOrFua = (c.Flags & (BioFlags.Preflush | BioFlags.Fua)) != 0;
        var reasons = new Reason[c.Regions.Count];
        var spans = new List<FaultSpan>();
        for (int i = 0; i < c.Regions.Count; i++)
        {
            RegionSpec r = c.Regions[i];
            StackNode stack = c.Stacks[r.Stack];
            if (r.Count == 0)
            {
                // Skipped, unless PREFLUSH sends one empty flush, which only a non-write refuses.
                reasons[i] = preflush && c.Operation != BioOperation.Write ? Reason.FlagsUnsupported : Reason.None;
                continue;
            }

            if (flushOrFua && c.Operation != BioOperation.Write)
            {
                reasons[i] = Reason.FlagsUnsupported;
            }
            else if (!stack.Supports(c.Operation))
            {
                reasons[i] = Reason.OperationUnsupported;
            }
            else if (r.Sector + r.Count > stack.Capacity)
            {
                reasons[i] = Reason.OutOfRange;
            }
            else
            {
                spans.Clear();
                stack.MapFaults(r.Sector, r.Count, spans);
                bool failed = decisions.Any(d => d.FailedBio && spans.Any(s => s.Overlaps(d.Device, d.Sector, d.Count)));
                reasons[i] = failed ? Reason.Fault : Reason.None;
            }
        }

        return reasons;
    }

    /// <summary>Folds reasons into error bits.</summary>
    /// <param name="reasons">One per region.</param>
    /// <returns>The bits.</returns>
    public static ulong Bits(Reason[] reasons)
    {
        ulong bits = 0;
        for (int i = 0; i < reasons.Length; i++)
        {
            if (reasons[i] != Reason.None)
            {
                bits |= 1UL << i;
            }
        }

        return bits;
    }
}
