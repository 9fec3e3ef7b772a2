namespace DmIo.VirtualDevices;

/// <summary>
/// A small thread-safe free list so stacked devices reuse their child bios and split trackers instead of
/// allocating per bio. It keeps at most <see cref="MaxRetained"/> objects; beyond that they go to the GC.
/// </summary>
/// <typeparam name="T">The pooled type.</typeparam>
internal sealed class FreeList<T>
    where T : class
{
    private const int MaxRetained = 256;      // enough for deep queues without pinning memory forever

    private readonly Lock _lock = new();    // guards _items
    private readonly Stack<T> _items = new(); // objects ready for reuse
    private readonly Func<T> _create;         // makes a new one when the list is empty

    public FreeList(Func<T> create) => _create = create;

    public T Rent()
    {
        lock (_lock)
        {
            if (_items.TryPop(out T? item))
            {
                return item;
            }
        }

        return _create();
    }

    public void Return(T item)
    {
        lock (_lock)
        {
            if (_items.Count < MaxRetained)
            {
                _items.Push(item);
            }
        }
    }
}
