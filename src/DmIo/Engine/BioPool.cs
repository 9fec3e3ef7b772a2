namespace DmIo;

/// <summary>
/// A client's bio set: bios are reused rather than allocated per I/O. It grows when every bio is in flight
/// (a bio never waits), and counts what is outstanding so tests can check nothing leaked.
/// </summary>
internal sealed class BioPool
{
    // System.Threading.Lock rather than a plain object: Monitor's native thin lock (and its TLS lookups) was a
    // quarter of a sync 4 KiB I/O under perf; the engine's pools and the storage devices all use Lock for that reason.
    private readonly Lock _lock = new(); // guards _free and the counters
    private readonly Stack<Bio> _free = new();
    private int _outstanding;             // bios handed out and not yet returned

    public int Outstanding => Volatile.Read(ref _outstanding);

    public int Free
    {
        get
        {
            lock (_lock)
            {
                return _free.Count;
            }
        }
    }

    public Bio Rent()
    {
        lock (_lock)
        {
            _outstanding++;
            return _free.TryPop(out Bio? bio) ? bio : new Bio();
        }
    }

    public void Return(Bio bio)
    {
        lock (_lock)
        {
            _outstanding--;
            _free.Push(bio);
        }
    }
}
