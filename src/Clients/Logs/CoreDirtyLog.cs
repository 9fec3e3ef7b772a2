namespace DmIo.Clients.Logs;

/// <summary>
/// The <c>core</c> dirty log of 6.12's dm-log.c: its bits live in memory only, so after a restart every region is
/// resynchronised (or none, with <c>nosync</c>). Table arguments: <c>&lt;region_size&gt; [[no]sync]</c>.
/// </summary>
/// <remarks>
/// Every region starts clean; the sync bits start all set with <c>nosync</c> (sync count = region count) and all clear
/// otherwise. Flush has nothing to write; resume only restarts the resync search.
/// </remarks>
public sealed class CoreDirtyLog : BitmapDirtyLog
{
    /// <summary>The type name a table gives: <c>core</c>.</summary>
    public const string Type = "core";

    /// <summary>The kernel's text for a wrong number of arguments (<c>create_log_context</c>).</summary>
    internal const string ArgumentCountMessage = "wrong number of arguments to dirty region log";

    /// <summary>
    /// Creates a core log from its table arguments, as <c>core_ctr</c> does. Bad arguments throw
    /// <see cref="ArgumentException"/> with the kernel's DMWARN text, for example <c>invalid region size 3</c>.
    /// </summary>
    /// <param name="args">The region size in sectors (a power of two, 2 to the target's length), then optionally <c>sync</c> or <c>nosync</c>.</param>
    /// <param name="targetSectors">The mirrored target's length in sectors; the region count is this divided by the region size, rounded up.</param>
    public CoreDirtyLog(IReadOnlyList<string> args, long targetSectors)
        : this(DirtyLogParameters.Parse(args ?? throw new ArgumentNullException(nameof(args)), targetSectors, ArgumentCountMessage))
    {
    }

    private CoreDirtyLog(DirtyLogParameters parameters)
        : base(parameters, new byte[parameters.BitsetBytes])
    {
    }

    /// <inheritdoc />
    public override string TypeName => Type;

    /// <summary>The status for STATUSTYPE_INFO (<c>core_status</c>): always <c>1 core</c>.</summary>
    public override string Status => $"1 {Type}";

    /// <summary>
    /// The table text for STATUSTYPE_TABLE (<c>core_status</c>): <c>core &lt;#args&gt; &lt;region_size&gt; </c> and the sync
    /// word, each followed by a space as the kernel emits it, for example <c>core 2 1024 nosync </c>.
    /// </summary>
    public override string Table => $"{Type} {1 + SyncArgumentCount} {RegionSize} {SyncText}";

    /// <summary>Restarts the resync search at region 0 (<c>core_resume</c>).</summary>
    /// <returns>Always 0.</returns>
    public override int Resume()
    {
        RestartResyncSearch();
        return 0;
    }

    /// <summary>Nothing to write (<c>core_flush</c>).</summary>
    /// <returns>Always 0.</returns>
    public override int Flush() => 0;
}
