namespace DmIo.Clients.Regions;

/// <summary>
/// The region hash's recovery semaphore (<c>recovery_count</c>): how many more regions may start recovering. It
/// starts at 0; starting recovery adds the maximum, each region taken for recovery holds one slot until its recovery
/// completes, and stopping recovery takes every slot back, waiting through the scheduler for those still held.
/// </summary>
internal sealed class RecoverySlots : IoWaitCondition
{
    /// <summary>Free slots.</summary>
    public int Free { get; private set; }

    /// <inheritdoc />
    public override bool IsSatisfied => Free > 0;

    /// <inheritdoc />
    public override string Description => "a free region recovery slot (a region recovery to complete)";

    /// <summary>Takes a slot if one is free (<c>down_trylock</c>).</summary>
    /// <returns>True when a slot was taken.</returns>
    public bool TryTake()
    {
        if (Free == 0)
        {
            return false;
        }

        Free--;
        return true;
    }

    /// <summary>Takes a slot, waiting through <paramref name="scheduler"/> until one is free (<c>down</c>).</summary>
    /// <param name="scheduler">The scheduler to wait through.</param>
    public void Take(IIoScheduler scheduler)
    {
        scheduler.WaitUntil(this);
        Free--;
    }

    /// <summary>Returns a slot (<c>up</c>).</summary>
    public void Release()
    {
        Free++;
        Signal();
    }
}
