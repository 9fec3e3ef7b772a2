namespace DmIo.VirtualDevices.Tests.Harness;

/// <summary>Memory and disk measurements run alone, so other tests' allocations do not blur them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FootprintCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "footprint";
}
