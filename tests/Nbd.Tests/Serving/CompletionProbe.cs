using DmIo.Nbd.Exports;

namespace DmIo.Nbd.Tests.Serving;

/// <summary>An <see cref="INbdCompletion"/> a test awaits: it keeps the errno and message, and counts calls.</summary>
internal sealed class CompletionProbe : INbdCompletion
{
    private readonly TaskCompletionSource<(int Errno, string? Message)> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task<(int Errno, string? Message)> Done => _done.Task;

    public void Complete(int errno, string? message)
    {
        Interlocked.Increment(ref _calls);
        _done.TrySetResult((errno, message));
    }
}
