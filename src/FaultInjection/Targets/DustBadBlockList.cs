namespace DmIo.FaultInjection;

/// <summary>
/// A dust device's mutable state under one lock: the bad block list (block number to remaining write failures,
/// kept sorted as the kernel's rb-tree), the enable and quiet switches, and the kernel log lines the device would
/// have printed.
/// </summary>
internal sealed class DustBadBlockList
{
    private readonly SortedDictionary<long, byte> _blocks = []; // bad block -> writes that must still fail
    private readonly List<string> _log = [];                    // DMINFO / DMERR lines, in order

    /// <summary>The lock every access holds.</summary>
    public object Lock { get; } = new();

    /// <summary>The bad blocks and their remaining write failures; hold <see cref="Lock"/>.</summary>
    public SortedDictionary<long, byte> Blocks => _blocks;

    /// <summary><c>fail_read_on_bb</c>: bad blocks fail reads (and writes clear them); false is "bypass".</summary>
    public bool Enabled { get; set; }

    /// <summary>Quiet mode: add/remove/removed-by-write lines are not logged.</summary>
    public bool Quiet { get; set; }

    /// <summary>Appends a kernel log line; hold <see cref="Lock"/>.</summary>
    /// <param name="line">The line, without the <c>device-mapper: dust:</c> prefix.</param>
    public void Log(string line) => _log.Add(line);

    /// <summary>Appends a line unless quiet mode is on; hold <see cref="Lock"/>.</summary>
    /// <param name="line">The line.</param>
    public void LogUnlessQuiet(string line)
    {
        if (!Quiet)
        {
            _log.Add(line);
        }
    }

    /// <summary>A copy of the log; hold <see cref="Lock"/>.</summary>
    /// <returns>The lines.</returns>
    public IReadOnlyList<string> LogCopy() => [.. _log];
}
