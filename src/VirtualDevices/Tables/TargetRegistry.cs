namespace DmIo.VirtualDevices.Tables;

/// <summary>
/// Target types a table may name (<c>linear</c>, <c>striped</c>, ...) and the factory that builds each. A factory
/// receives one parsed line and returns a device of exactly <see cref="TargetArguments.LengthSectors"/> sectors,
/// throwing <see cref="TableSyntaxException"/> (via <see cref="TargetArguments.Error"/>) for a bad argument.
/// Other libraries add their targets here (the fault injectors register flakey, delay, dust, ...). Thread-safe.
/// </summary>
public sealed class TargetRegistry
{
    private readonly object _lock = new();                                                         // guards _factories
    private readonly Dictionary<string, Func<TargetArguments, IBlockDevice>> _factories = new(StringComparer.Ordinal); // target name -> factory

    /// <summary>Creates a registry holding the built-in targets: linear, striped, zero and error.</summary>
    /// <returns>A new registry the caller may extend.</returns>
    public static TargetRegistry CreateDefault()
    {
        var registry = new TargetRegistry();
        BuiltInTargets.RegisterAll(registry);
        return registry;
    }

    /// <summary>The registered target names, sorted.</summary>
    public IReadOnlyList<string> TargetNames
    {
        get
        {
            lock (_lock)
            {
                return [.. _factories.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Adds a target type; a name already registered is rejected (use <see cref="Replace"/> to override one).</summary>
    /// <param name="targetName">The name a table line uses: letters, digits, '-' and '_'.</param>
    /// <param name="factory">Builds the device for one line.</param>
    public void Register(string targetName, Func<TargetArguments, IBlockDevice> factory)
    {
        CheckName(targetName);
        ArgumentNullException.ThrowIfNull(factory);
        lock (_lock)
        {
            if (!_factories.TryAdd(targetName, factory))
            {
                throw new ArgumentException($"Target '{targetName}' is already registered.", nameof(targetName));
            }
        }
    }

    /// <summary>Adds a target type or replaces the factory of one already registered.</summary>
    /// <param name="targetName">The name a table line uses: letters, digits, '-' and '_'.</param>
    /// <param name="factory">Builds the device for one line.</param>
    public void Replace(string targetName, Func<TargetArguments, IBlockDevice> factory)
    {
        CheckName(targetName);
        ArgumentNullException.ThrowIfNull(factory);
        lock (_lock)
        {
            _factories[targetName] = factory;
        }
    }

    /// <summary>Looks up a target type.</summary>
    /// <param name="targetName">The name from a table line.</param>
    /// <param name="factory">Receives the factory when found.</param>
    /// <returns>True when the target is registered.</returns>
    public bool TryGet(string targetName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Func<TargetArguments, IBlockDevice>? factory)
    {
        ArgumentNullException.ThrowIfNull(targetName);
        lock (_lock)
        {
            return _factories.TryGetValue(targetName, out factory);
        }
    }

    private static void CheckName(string targetName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetName);
        if (!targetName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"Target name '{targetName}' may hold only letters, digits, '-' and '_'.", nameof(targetName));
        }
    }
}
