namespace DmIo.Properties;

/// <summary>Counts the async callbacks of one request and remembers the error bits of the first.</summary>
internal sealed class AsyncCompletion
{
    private readonly ManualResetEventSlim _signal = new(); // set by the first callback
    private int _calls;                                     // callbacks so far; exactly one is right

    /// <summary>The callback to put in the request, with this object as its context.</summary>
    public static DmIoNotify Notify { get; } = static (bits, context) => ((AsyncCompletion)context!).Called(bits);

    /// <summary>How many times the callback has run.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The error bits the first callback received.</summary>
    public ulong Bits { get; private set; }

    /// <summary>Waits for the first callback.</summary>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>False when it did not come.</returns>
    public bool Wait(TimeSpan timeout) => _signal.Wait(timeout);

    private void Called(ulong bits)
    {
        if (Interlocked.Increment(ref _calls) == 1)
        {
            Bits = bits;
            _signal.Set();
        }
    }
}
