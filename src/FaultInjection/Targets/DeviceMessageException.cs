namespace DmIo.FaultInjection;

/// <summary>
/// A device refused a message (what <c>dmsetup message</c> reports as "Invalid argument"): unknown message, wrong
/// argument count, a block number that is not a number or out of range, a block already (or not) in the list.
/// When this is thrown the device has not changed. <see cref="KernelMessage"/> holds the line Linux 6.12 logs for the
/// refusal, verbatim, for tests to compare; <see cref="Problem"/> may add detail the kernel does not give.
/// </summary>
public sealed class DeviceMessageException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">The device's name.</param>
    /// <param name="message">The message's words, verbatim.</param>
    /// <param name="field">The part of the message at fault (for example <c>message</c>, <c>blknum</c>, <c>wr_fail_cnt</c>).</param>
    /// <param name="problem">What is wrong, in the kernel's words where it logs some.</param>
    /// <param name="kernelMessage">The line the kernel logs for the refusal, verbatim; null when it logs none.</param>
    public DeviceMessageException(string device, IReadOnlyList<string> message, string field, string problem, string? kernelMessage = null)
        : base($"{device}: message \"{string.Join(' ', message)}\" rejected: {problem}", field)
    {
        Device = device;
        MessageWords = [.. message];
        Field = field;
        Problem = problem;
        KernelMessage = kernelMessage;
    }

    /// <summary>The device's name.</summary>
    public string Device { get; }

    /// <summary>The message's words, verbatim.</summary>
    public IReadOnlyList<string> MessageWords { get; }

    /// <summary>The part of the message at fault.</summary>
    public string Field { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    /// <summary>
    /// The line Linux 6.12 logs (DMERR) when it refuses this message, exactly as it words it; null when it refuses
    /// without logging (a block number that is not a number, or a refusal it keeps quiet about in quiet mode).
    /// </summary>
    public string? KernelMessage { get; }

    /// <summary>The errno the kernel returns for it (always -EINVAL for dust).</summary>
    public int Errno => -DmIo.Errno.EINVAL;
}
