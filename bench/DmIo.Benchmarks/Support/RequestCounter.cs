namespace DmIo.Benchmarks.Support;

/// <summary>
/// The context of every async request a benchmark issues: counts callbacks and failed requests. The callback is
/// a static delegate, so issuing a request allocates nothing on the caller's side.
/// </summary>
public sealed class RequestCounter
{
    /// <summary>The callback to pass with this counter as context.</summary>
    public static readonly DmIoNotify Notify = static (bits, context) => ((RequestCounter)context!).Record(bits);

    /// <summary>Requests completed so far.</summary>
    public long Completed { get; private set; }

    /// <summary>Requests that completed with at least one error bit set.</summary>
    public long Failed { get; private set; }

    private void Record(ulong errorBits)
    {
        Completed++;
        if (errorBits != 0)
        {
            Failed++;
        }
    }
}
