namespace DmIo.FaultInjection;

/// <summary>
/// How a crash treats each volatile write: relative weights for losing it, keeping it, or tearing it. One choice
/// is drawn per write (labelled <c>&lt;device&gt;:crash:fate</c>) unless only one fate is possible, plus one for the
/// tear point of a torn write (<c>&lt;device&gt;:crash:tear_keep</c>). A one-sector write cannot tear (sectors are
/// atomic), so for it the tear weight is ignored.
/// </summary>
/// <param name="LoseWeight">Weight of <see cref="CrashFate.Lost"/>.</param>
/// <param name="KeepWeight">Weight of <see cref="CrashFate.Kept"/>.</param>
/// <param name="TearWeight">Weight of <see cref="CrashFate.Torn"/>.</param>
public sealed record CrashPolicy(uint LoseWeight, uint KeepWeight, uint TearWeight)
{
    /// <summary>Every volatile write is lost (the strictest power loss).</summary>
    public static CrashPolicy LoseAll { get; } = new(1, 0, 0);

    /// <summary>Every volatile write survives (the cache drained in time).</summary>
    public static CrashPolicy KeepAll { get; } = new(0, 1, 0);

    /// <summary>Every write of two sectors or more is torn; one-sector writes are lost.</summary>
    public static CrashPolicy TearAll { get; } = new(1, 0, 1_000_000);

    /// <summary>Lost, kept and torn equally often.</summary>
    public static CrashPolicy Uniform { get; } = new(1, 1, 1);

    /// <summary>Throws an <see cref="ArgumentException"/> when every weight is zero.</summary>
    /// <param name="paramName">The parameter to blame.</param>
    /// <returns>This policy.</returns>
    public CrashPolicy Validate(string paramName = "policy")
    {
        if ((ulong)LoseWeight + KeepWeight + TearWeight == 0)
        {
            throw new ArgumentException("A crash policy needs at least one non-zero weight.", paramName);
        }

        return this;
    }

    /// <summary>Draws the fate of a volatile write of <paramref name="sectors"/> sectors.</summary>
    /// <param name="choices">Where the draw comes from.</param>
    /// <param name="purpose">The label of the draw.</param>
    /// <param name="sectors">The write's size in sectors; positive.</param>
    /// <returns>The fate.</returns>
    public CrashFate Choose(IChoiceSource choices, string purpose, long sectors)
    {
        ArgumentNullException.ThrowIfNull(choices);
        ulong tear = sectors >= 2 ? TearWeight : 0;
        ulong lose = LoseWeight;
        ulong keep = KeepWeight;
        if (lose + keep + tear == 0)
        {
            lose = 1; // only tearing was allowed, and this write cannot tear: it is lost instead
        }

        int possible = (lose != 0 ? 1 : 0) + (keep != 0 ? 1 : 0) + (tear != 0 ? 1 : 0);
        ulong draw = possible == 1 ? 0 : choices.Choose(purpose, lose + keep + tear);
        return draw < lose ? CrashFate.Lost : draw < lose + keep ? CrashFate.Kept : CrashFate.Torn;
    }
}
