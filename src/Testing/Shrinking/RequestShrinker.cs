namespace DmIo.Testing;

/// <summary>
/// Shrinks a <see cref="StackRequest"/>: fewer regions, shorter regions, fewer and simpler stacks, a plain
/// synchronous write without flags, a plain memory layout, seed 0. Regions are never moved, so regions that did not
/// overlap on a stack still do not.
/// </summary>
public static class RequestShrinker
{
    /// <summary>Simpler requests, each one step smaller.</summary>
    /// <param name="request">The request to shrink.</param>
    /// <returns>The candidates; each is a valid request.</returns>
    public static IEnumerable<StackRequest> Shrink(StackRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<RegionSpec> regions = request.Regions;
        if (regions.Count > 1)
        {
            yield return request with { Regions = [regions[0]] };
            for (int i = 0; i < regions.Count; i++)
            {
                yield return request with { Regions = [.. regions.Where((_, k) => k != i)] };
            }
        }

        for (int s = 0; s < request.Stacks.Count; s++)
        {
            if (!regions.Any(r => r.Stack == s))
            {
                int unused = s; // a stack no region names: drop it and renumber the rest
                yield return request with
                {
                    Stacks = [.. request.Stacks.Where((_, k) => k != unused)],
                    Regions = [.. regions.Select(r => r.Stack > unused ? r with { Stack = r.Stack - 1 } : r)],
                };
            }
        }

        for (int i = 0; i < regions.Count; i++)
        {
            if (regions[i].Count > 1)
            {
                int at = i;
                yield return request with { Regions = [.. regions.Select((r, k) => k == at ? r with { Count = r.Count / 2 } : r)] };
            }
        }

        for (int s = 0; s < request.Stacks.Count; s++)
        {
            int at = s;
            foreach (StackNode simpler in StackShrinker.Shrink(request.Stacks[at]))
            {
                yield return request with { Stacks = [.. request.Stacks.Select((n, k) => k == at ? simpler : n)] };
            }
        }

        if (request.Operation != BioOperation.Write)
        {
            yield return request with { Operation = BioOperation.Write };
        }

        if (request.Flags != BioFlags.None)
        {
            yield return request with { Flags = BioFlags.None };
        }

        if (request.Async)
        {
            yield return request with { Async = false };
        }

        foreach (MemoryLayout layout in LayoutShrinker.Shrink(request.Layout))
        {
            yield return request with { Layout = layout };
        }

        if (request.Seed != 0)
        {
            yield return request with { Seed = 0 };
        }
    }
}
