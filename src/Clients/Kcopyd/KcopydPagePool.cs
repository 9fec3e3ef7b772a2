namespace DmIo.Clients.Kcopyd;

/// <summary>
/// A client's pages for copy data (<c>kcopyd_get_pages</c> / <c>kcopyd_put_pages</c>): a sub-job first asks the system
/// for each page and falls back to the client's reserve when the system has none; if the reserve runs dry too, the
/// pages taken so far go back and the sub-job waits. Returned pages refill the reserve up to its size; the rest go
/// back to the system.
/// </summary>
internal sealed class KcopydPagePool
{
    private readonly Lock _lock = new(); // guards every field below
    private PageList? _free;             // the reserve's free pages (kc->pages)
    private int _freeCount;              // nr_free_pages
    private int _systemPages;            // pages taken from the system and not yet given back
    private bool _systemExhausted;       // alloc_pl fails: only reserved pages are left

    public KcopydPagePool(int reservedPages)
    {
        ReservedPages = reservedPages;
        for (int i = 0; i < reservedPages; i++)
        {
            _free = new PageList(new Page(), _free);
        }

        _freeCount = reservedPages;
    }

    /// <summary>nr_reserved_pages.</summary>
    public int ReservedPages { get; }

    public int FreeReservedPages
    {
        get
        {
            lock (_lock)
            {
                return _freeCount;
            }
        }
    }

    public int SystemPages
    {
        get
        {
            lock (_lock)
            {
                return _systemPages;
            }
        }
    }

    public bool SystemExhausted
    {
        get
        {
            lock (_lock)
            {
                return _systemExhausted;
            }
        }

        set
        {
            lock (_lock)
            {
                _systemExhausted = value;
            }
        }
    }

    /// <summary>Takes <paramref name="count"/> pages, or none (null) when neither the system nor the reserve has them all.</summary>
    public PageList? TryTake(int count)
    {
        lock (_lock)
        {
            PageList? taken = null;
            for (int i = 0; i < count; i++)
            {
                PageList page;
                if (!_systemExhausted)
                {
                    page = new PageList(new Page());
                    _systemPages++;
                }
                else if (_free is not null)
                {
                    page = _free;
                    _free = page.Next;
                    _freeCount--;
                }
                else
                {
                    if (taken is not null)
                    {
                        PutLocked(taken);
                    }

                    return null;
                }

                page.Next = taken;
                taken = page;
            }

            return taken;
        }
    }

    /// <summary>Gives pages back: into the reserve while it is short, to the system beyond that.</summary>
    public void Put(PageList pages)
    {
        lock (_lock)
        {
            PutLocked(pages);
        }
    }

    private void PutLocked(PageList pages)
    {
        PageList? page = pages;
        while (page is not null)
        {
            PageList? next = page.Next;
            if (_freeCount >= ReservedPages)
            {
                _systemPages--; // free_pl: the page goes back to the system
            }
            else
            {
                page.Next = _free;
                _free = page;
                _freeCount++;
            }

            page = next;
        }
    }
}
