namespace DmIo.FaultInjection;

/// <summary>
/// One fault decision: a fault device chose to do something other than pass a bio through unchanged
/// (fail it, drop it, corrupt it, delay it, tear it, misdirect it), or a crash lost data.
/// </summary>
/// <param name="Sequence">Position in the record, from 0.</param>
/// <param name="TimeNanoseconds">Scheduler time of the decision.</param>
/// <param name="Device">The fault device's name.</param>
/// <param name="BioId">The affected bio's <see cref="Bio.Id"/> (0 for crash losses, which concern no bio).</param>
/// <param name="Operation">The bio's operation.</param>
/// <param name="Sector">The first sector affected, in the fault device's own address space.</param>
/// <param name="Count">Sectors affected.</param>
/// <param name="Rule">What triggered it: a target feature (<c>error_reads</c>, <c>badblock</c>) or a rule's name.</param>
/// <param name="Action">What was done: <c>fail</c>, <c>drop</c>, <c>corrupt</c>, <c>delay</c>, <c>tear</c>, <c>misdirect</c>, <c>lost</c>.</param>
/// <param name="Status">The status the bio completed with (<see cref="BlkStatus.Ok"/> for silent faults).</param>
public sealed record FaultDecision(long Sequence, long TimeNanoseconds, string Device, long BioId, BioOperation Operation,
    long Sector, long Count, string Rule, string Action, BlkStatus Status)
{
    /// <summary>True when the bio was completed with an error status.</summary>
    public bool FailedBio => Status != BlkStatus.Ok;
}
