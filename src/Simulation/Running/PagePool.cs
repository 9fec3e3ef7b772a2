namespace DmIo.Simulation.Running;

/// <summary>
/// Pages for request buffers, handed back when a run is disposed and zeroed for the next run: a sweep runs thousands of
/// short scenarios, and their buffers' fresh 4 KiB pages were a third of what a demo-mirror seed allocated. At most
/// <see cref="MaxPooled"/> pages (4 MiB) are kept in a shared stack and <see cref="MaxPooledPerThread"/> more by each
/// thread without a lock (two sweep workers contended for the shared one); more are left to the GC. Thread-safe.
/// </summary>
internal static class PagePool
{
    /// <summary>How many pages the pool keeps at most.</summary>
    public const int MaxPooled = 1024;

    /// <summary>How many pages each thread keeps for itself at most (1 MiB).</summary>
    public const int MaxPooledPerThread = 256;

    [ThreadStatic]
    private static Stack<Page>? t_free; // this thread's zeroed pages, used before the shared ones

    private static readonly Lock Gate = new();        // guards Free
    private static readonly Stack<Page> Free = new(); // zeroed pages no run refers to

    /// <summary>A zeroed page: a pooled one, or a new one.</summary>
    public static Page Rent()
    {
        if (t_free is { } local && local.TryPop(out Page? mine))
        {
            return mine;
        }

        lock (Gate)
        {
            if (Free.TryPop(out Page? page))
            {
                return page;
            }
        }

        return new Page();
    }

    /// <summary>Zeroes <paramref name="page"/> and keeps it, unless the pool is full.</summary>
    /// <param name="page">A page nothing will read or write again.</param>
    public static void Return(Page page)
    {
        Array.Clear(page.Data);
        Stack<Page> local = t_free ??= new Stack<Page>();
        if (local.Count < MaxPooledPerThread)
        {
            local.Push(page);
            return;
        }

        lock (Gate)
        {
            if (Free.Count < MaxPooled)
            {
                Free.Push(page);
            }
        }
    }
}
