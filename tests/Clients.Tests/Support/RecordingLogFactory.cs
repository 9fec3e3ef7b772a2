using DmIo.Clients.Logs;

namespace DmIo.Clients.Tests.Support;

/// <summary>
/// A dirty-log factory for parser tests: it builds a <see cref="StubDirtyLog"/> for the <c>core</c> type with one
/// argument, refuses anything else as a log constructor would, and remembers what it built so a test can check that a
/// refused mirror line disposed its log.
/// </summary>
internal sealed class RecordingLogFactory
{
    /// <summary>Every log built, in order.</summary>
    public List<StubDirtyLog> Built { get; } = [];

    /// <summary>The (type, arguments) of every call.</summary>
    public List<(string Type, string Args)> Calls { get; } = [];

    /// <summary>Builds a log or throws as <c>dm_dirty_log_create</c> would fail.</summary>
    public IDirtyLog Create(string type, IReadOnlyList<string> args)
    {
        Calls.Add((type, string.Join(' ', args)));
        if (type != "core" || args.Count != 1 || !uint.TryParse(args[0], out uint regionSize))
        {
            throw new ArgumentException($"unknown log type or arguments: {type} {string.Join(' ', args)}");
        }

        var log = new StubDirtyLog(regionSize);
        Built.Add(log);
        return log;
    }
}

/// <summary>A dirty log that only knows its region size and whether it was disposed.</summary>
internal sealed class StubDirtyLog(uint regionSize) : IDirtyLog
{
    /// <summary>True once disposed.</summary>
    public bool Disposed { get; private set; }

    public string TypeName => "core";

    public uint RegionSize => regionSize;

    public long RegionCount => 0;

    public long SyncCount => 0;

    public string Status => "1 core";

    public string Table => $"core 1 {regionSize}";

    public void Dispose() => Disposed = true;

    public int Presuspend() => 0;

    public int Postsuspend() => 0;

    public int Resume() => 0;

    public bool IsClean(long region) => false;

    public bool InSync(long region) => false;

    public int Flush() => 0;

    public void MarkRegion(long region)
    {
    }

    public void ClearRegion(long region)
    {
    }

    public bool TryGetResyncWork(out long region)
    {
        region = 0;
        return false;
    }

    public void SetRegionSync(long region, bool inSync)
    {
    }
}
