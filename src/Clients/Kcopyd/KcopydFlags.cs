namespace DmIo.Clients.Kcopyd;

/// <summary>How a kcopyd job treats errors and write order (the kernel's <c>DM_KCOPYD_*</c> flag bits).</summary>
[Flags]
public enum KcopydFlags
{
    /// <summary>Stop dispatching work at the first error; the job still completes once, after the work in flight.</summary>
    None = 0,

    /// <summary>
    /// Keep copying after a read or write error (<c>DM_KCOPYD_IGNORE_ERROR</c>): the other destinations still get every
    /// byte and the failure is reported in the error bits. Cleared when <see cref="WriteSequential"/> is set, as 6.12 does.
    /// </summary>
    IgnoreError = 1,

    /// <summary>
    /// Issue the writes of a split job strictly in ascending order (<c>DM_KCOPYD_WRITE_SEQ</c>), as a host-managed zoned
    /// destination needs; errors cannot be ignored then.
    /// </summary>
    WriteSequential = 2,
}
