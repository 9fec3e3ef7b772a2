namespace DmIo.Clients.Regions;

/// <summary>
/// The region hash's recovery semaphore (<c>recovery_count</c>): how many more regions may start recovering. It
/// starts at 0; starting recovery adds the maximum, each region taken for recovery holds one slot until its recovery
/// completes, and stopping recovery takes every slot back, waiting through the scheduler for those still held.
/// </summary>
internal sealed class RecoverySlots : IoWaitCondition
{
    /// <summary>Free slots.</summary>
    private int _waiting; // callers blocked in Take, who get released slots before any TryTake

    public int Free { get; private set; }

    /// <inheritdoc />
    public override bool IsSatisfied => Free > 0;

    /// <inheritdoc />
    public override string Description => "a free region recovery slot (a region recovery to complete)";

    /// <summary>Takes a slot if one is free and no caller waits in <see cref="Take"/> for it (<c>down_trylock</c>).</summary>
    /// <returns>True when a slot was taken.</returns>
    public bool TryTake()
    {
        if (Free <= _waiting)
        {
            return false; // a slot released while someone waits in Take is theirs (a semaphore's up hands it over)
        }

        Free--;
        return true;
    }

    /// <summary>Takes a slot, waiting through <paramref name="scheduler"/> until one is free (<c>down</c>).</summary>
    /// <param name="scheduler">The scheduler to wait through.</param>
    public void Take(IIoScheduler scheduler)
    {
        _waiting++;
        try
        {
            scheduler.WaitUntil(this);
        }
        finally
        {
            _waiting--;
        }

        Free--;
    }

    /// <summary>Returns a slot (<c>up</c>).</summary>
    public void Release()
    {
        Free++;
        Signal();
    }
}
