namespace DmIo.Clients.Logs;

/// <summary>
/// Creates a dirty log by type name (6.12's <c>dm_dirty_log_create</c>), as the mirror target's table parser does
/// with the words after <c>&lt;log_type&gt; &lt;#log_args&gt;</c>. The types are <c>core</c> and <c>disk</c>.
/// </summary>
public static class DirtyLogs
{
    /// <summary>
    /// Creates a log of type <paramref name="type"/> from its arguments. An unknown type, or arguments the type refuses,
    /// throw <see cref="ArgumentException"/> whose message is the kernel's warning (for example
    /// <c>Module for logging type "mirror" not found.</c> or <c>invalid region size 3</c>); nothing is created and no
    /// I/O is issued.
    /// </summary>
    /// <param name="type">The log type: <c>core</c> or <c>disk</c>.</param>
    /// <param name="args">The log's arguments, without the type and count.</param>
    /// <param name="targetSectors">The mirrored target's length in sectors (<c>ti-&gt;len</c>).</param>
    /// <param name="lookupDevice">Finds the disk log's device by name; null when there is none.</param>
    /// <param name="scheduler">The scheduler the disk log's dm-io requests wait through.</param>
    /// <param name="flushCallback">The disk log's flush callback (<c>flush_callback_fn</c>): flushes the mirror's legs, returns non-zero on failure; null for none.</param>
    /// <returns>The log, not yet resumed.</returns>
    public static IDirtyLog Create(string type, IReadOnlyList<string> args, long targetSectors, Func<string, IBlockDevice?> lookupDevice,
        IIoScheduler scheduler, Func<int>? flushCallback)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(args);
        return type switch
        {
            CoreDirtyLog.Type => new CoreDirtyLog(args, targetSectors),
            DiskDirtyLog.Type => new DiskDirtyLog(args, targetSectors, lookupDevice, scheduler, flushCallback),
            _ => throw new ArgumentException($"Module for logging type \"{type}\" not found."),
        };
    }
}
