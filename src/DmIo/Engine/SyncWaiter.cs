namespace DmIo;

/// <summary>What a synchronous request waits on (the kernel's on-stack <c>struct sync_io</c>), pooled per client.</summary>
internal sealed class SyncWaiter : IoWaitCondition
{
    /// <summary>The callback every sync request uses; static so no delegate is allocated per request.</summary>
    public static readonly DmIoNotify Notify = static (bits, context) => ((SyncWaiter)context!).Complete(bits);

    private int _done;         // 1 once the request completed
    private ulong _errorBits;  // the request's error bits

    public override bool IsSatisfied => Volatile.Read(ref _done) != 0;

    public override string Description => "a synchronous dm-io request to complete";

    public ulong ErrorBits => _errorBits;

    public void Reset() => Volatile.Write(ref _done, 0);

    private void Complete(ulong errorBits)
    {
        _errorBits = errorBits;
        Volatile.Write(ref _done, 1);
        Signal();
    }
}
