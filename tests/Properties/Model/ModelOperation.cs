namespace DmIo.Properties;

/// <summary>One step of a model-based script: runs against the real stack, checks it against the model, updates the model.</summary>
internal abstract record ModelOperation
{
    /// <summary>Runs the step and throws, naming what differs, when the stack and the model disagree.</summary>
    /// <param name="system">The real stack.</param>
    /// <param name="model">The reference model.</param>
    public abstract void Run(ModelSystem system, ReferenceModel model);

    /// <summary>Checks that the step's fault decisions agree with the model: failed bios iff expected, from the expected device.</summary>
    /// <param name="system">The stack.</param>
    /// <param name="failingDevices">The devices the model expects to fail bios; none when empty.</param>
    protected static void ExpectFaults(ModelSystem system, params string[] failingDevices)
    {
        var failed = system.NewDecisions().Where(d => d.FailedBio).ToList();
        string seen = string.Join("; ", failed.Select(d => $"{d.Device} {d.Operation} {d.Sector}+{d.Count} {d.Rule}"));
        string expected = failingDevices.Length == 0 ? "none" : string.Join(',', failingDevices.Distinct().Order(StringComparer.Ordinal));
        string actual = failed.Count == 0 ? "none" : string.Join(',', failed.Select(d => d.Device).Distinct().Order(StringComparer.Ordinal));
        Expect.Equal(expected, actual, $"devices that failed bios (recorded: {seen})");
    }

    /// <summary>The bios the engine issued for this step, checked to cover the region exactly once, in order.</summary>
    /// <param name="system">The stack.</param>
    /// <param name="sector">The region's first sector.</param>
    /// <param name="count">The region's sector count.</param>
    /// <returns>The bios.</returns>
    protected static IReadOnlyList<SpiedBio> BiosCovering(ModelSystem system, long sector, long count)
    {
        IReadOnlyList<SpiedBio> bios = system.NewBios();
        long next = sector;
        foreach (SpiedBio bio in bios)
        {
            Expect.Equal(next, bio.Sector, $"first sector of {bio}");
            next += bio.Count;
        }

        Expect.Equal(sector + count, next, $"end of the step's bios ({string.Join(' ', bios)})");
        return bios;
    }
}
