namespace DmIo.VirtualDevices.Tests.Harness;

/// <summary>An end_io that counts completions and wakes a waiting test thread.</summary>
public sealed class BioWaiter : IBioEndIo, IDisposable
{
    private int _completed; // completions seen

    /// <summary>Set on every completion.</summary>
    public ManualResetEventSlim Signal { get; } = new();

    /// <summary>Completions seen so far.</summary>
    public int Completed => Volatile.Read(ref _completed);

    /// <inheritdoc />
    public void EndIo(Bio bio)
    {
        Interlocked.Increment(ref _completed);
        Signal.Set();
    }

    /// <inheritdoc />
    public void Dispose() => Signal.Dispose();
}
