using DmIo.Simulation.Scenarios;
using DmIo.VirtualDevices;

namespace DmIo.Simulation.Running;

/// <summary>
/// The <c>file</c> backends of one run: where their images go, which images the run made, and the temporary directory
/// it owns when the caller named none. That directory is made when the first image is, so a run without file backends
/// touches no file system at all (a sweep of memory-only seeds used to make and remove one directory per seed).
/// </summary>
internal sealed class FileBackends(string? directory) : IDisposable
{
    private readonly List<SparseFileDevice> _devices = []; // open images, closed on Dispose
    private readonly List<string> _created = [];           // images this run made: only these are its to delete
    private string? _ownedDirectory;                       // the temporary directory made on first use, or null

    /// <summary>Where images go: the caller's directory, the temporary one once made, or null before the first image.</summary>
    public string? Directory => directory ?? _ownedDirectory;

    /// <summary>Creates a new image named after the device and opens it.</summary>
    /// <param name="spec">The backend.</param>
    /// <param name="scheduler">Where scheduled completions run.</param>
    /// <returns>The open device; closed when this is disposed.</returns>
    public SparseFileDevice Create(DeviceSpec spec, IIoScheduler scheduler)
    {
        string folder = directory ?? (_ownedDirectory ??= System.IO.Directory.CreateTempSubdirectory("dmio-sim-").FullName);
        string path = Path.Combine(folder, spec.Name + ".img");
        if (!File.Exists(path))
        {
            _created.Add(path); // a file that already exists is not this run's to delete, even if Create then fails on it
        }

        SparseFileDevice device = SparseFileDevice.Create(spec.Name, path, spec.Sectors, spec.Limits, spec.Completion, scheduler);
        _devices.Add(device);
        return device;
    }

    /// <summary>Deletes every image this run made (a run that never started leaves none, even in a caller's directory).</summary>
    public void DeleteCreated()
    {
        foreach (string path in _created.Where(File.Exists))
        {
            File.Delete(path);
        }
    }

    /// <summary>Closes every image and deletes the temporary directory, if one was made.</summary>
    public void Dispose()
    {
        foreach (SparseFileDevice device in _devices)
        {
            device.Dispose();
        }

        _devices.Clear();
        if (_ownedDirectory is not null && System.IO.Directory.Exists(_ownedDirectory))
        {
            System.IO.Directory.Delete(_ownedDirectory, recursive: true);
        }
    }
}
