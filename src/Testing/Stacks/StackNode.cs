namespace DmIo.Testing;

/// <summary>
/// A generated device stack, described independently of the devices it builds: its capacity, which operations it
/// supports, and — the part the error-bit property leans on — how a range of its sectors maps onto the sectors of
/// every fault device beneath it, each in that device's own address space.
/// </summary>
public abstract record StackNode(string Name)
{
    /// <summary>The capacity in sectors.</summary>
    public abstract long Capacity { get; }

    /// <summary>Builds the devices.</summary>
    /// <param name="context">Scheduler, record and choices.</param>
    /// <returns>The top device.</returns>
    public abstract IBlockDevice Build(StackContext context);

    /// <summary>Adds the fault-device spans that sectors <paramref name="sector"/>..+<paramref name="count"/> of this device reach.</summary>
    /// <param name="sector">The first sector, in range.</param>
    /// <param name="count">The count, in range.</param>
    /// <param name="spans">Receives the spans.</param>
    public abstract void MapFaults(long sector, long count, List<FaultSpan> spans);

    /// <summary>True when every leaf supports <paramref name="operation"/> (its discard or write-zeroes limit is not 0).</summary>
    /// <param name="operation">The operation.</param>
    /// <returns>Whether a bio of that operation can reach the leaves.</returns>
    public abstract bool Supports(BioOperation operation);

    /// <summary>The number of devices in the stack.</summary>
    public abstract int Depth { get; }

    /// <summary>True when the stack holds a fault device (error, flakey, dust or rules).</summary>
    public abstract bool HasFaults { get; }
}
