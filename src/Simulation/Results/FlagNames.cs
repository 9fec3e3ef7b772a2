namespace DmIo.Simulation.Results;

/// <summary>Formats bio flags as the trace does: <c>sync,meta,preflush,fua</c> in that order, empty for none.</summary>
public static class FlagNames
{
    /// <summary>Formats <paramref name="flags"/>.</summary>
    /// <param name="flags">The flags.</param>
    /// <returns>Comma-separated names.</returns>
    public static string Format(BioFlags flags)
    {
        var names = new List<string>(4);
        foreach ((BioFlags flag, string name) in new[] { (BioFlags.Sync, "sync"), (BioFlags.Meta, "meta"), (BioFlags.Preflush, "preflush"), (BioFlags.Fua, "fua") })
        {
            if ((flags & flag) != 0)
            {
                names.Add(name);
            }
        }

        return string.Join(',', names);
    }
}
