namespace DmIo.VirtualDevices.Tables;

/// <summary>
/// The named devices a table may refer to — the stand-in for <c>/dev</c> paths (a table line says
/// <c>linear mem0 2048</c> where dmsetup would say <c>linear /dev/sdb 2048</c>). Names are unique and
/// case-sensitive; the parser resolves names here. Thread-safe.
/// </summary>
public sealed class DeviceCatalog
{
    private readonly object _lock = new();                                                 // guards _devices
    private readonly Dictionary<string, IBlockDevice> _devices = new(StringComparer.Ordinal); // name -> device

    /// <summary>The names of the devices in the catalog, sorted.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_lock)
            {
                return [.. _devices.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Adds <paramref name="device"/> under its <see cref="IBlockDevice.Name"/>; a name already present is rejected.</summary>
    /// <param name="device">The device to add.</param>
    public void Add(IBlockDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        lock (_lock)
        {
            if (!_devices.TryAdd(device.Name, device))
            {
                throw new ArgumentException($"A device named '{device.Name}' is already in the catalog.", nameof(device));
            }
        }
    }

    /// <summary>True when a device named <paramref name="name"/> is present.</summary>
    /// <param name="name">The name to look for.</param>
    /// <returns>Whether it is present.</returns>
    public bool Contains(string name) => TryGet(name, out _);

    /// <summary>Looks a device up by name.</summary>
    /// <param name="name">The name to look for.</param>
    /// <param name="device">Receives the device when found.</param>
    /// <returns>True when found.</returns>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IBlockDevice? device)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_lock)
        {
            return _devices.TryGetValue(name, out device);
        }
    }

    /// <summary>Returns the device named <paramref name="name"/>.</summary>
    /// <param name="name">The name to look for.</param>
    /// <returns>The device.</returns>
    public IBlockDevice Get(string name) =>
        TryGet(name, out IBlockDevice? device) ? device : throw new KeyNotFoundException($"No device named '{name}' in the catalog.");

    /// <summary>Removes the device named <paramref name="name"/>; a device still used by a table keeps working for it.</summary>
    /// <param name="name">The name to remove.</param>
    /// <returns>True when a device was removed.</returns>
    public bool Remove(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_lock)
        {
            return _devices.Remove(name);
        }
    }
}
