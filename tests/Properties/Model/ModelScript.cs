namespace DmIo.Properties;

/// <summary>A model-based script: steps and the seed of the stack's scheduler and choices.</summary>
/// <param name="Steps">The steps, in order.</param>
/// <param name="Seed">The seed.</param>
internal sealed record ModelScript(ModelOperation[] Steps, ulong Seed)
{
    /// <summary>Shorter scripts: without a half, a quarter, ... or a single step, so a counterexample shrinks to its essentials.</summary>
    /// <param name="script">The failing script.</param>
    /// <returns>Candidates, shortest first.</returns>
    public static IEnumerable<ModelScript> Shrink(ModelScript script)
    {
        int n = script.Steps.Length;
        for (int chunk = n / 2; chunk >= 1; chunk /= 2)
        {
            for (int start = 0; start + chunk <= n; start += chunk)
            {
                yield return script with { Steps = [.. script.Steps.Take(start), .. script.Steps.Skip(start + chunk)] };
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"seed={Seed}\n{string.Join('\n', Steps.Select((s, i) => $"  {i}: {s}"))}";
}
