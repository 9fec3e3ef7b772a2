namespace DmIo.Tests.Support;

/// <summary>
/// Waits with a deadline for tests: a lost wake-up or a stuck request fails the test with a message naming what
/// never happened, instead of hanging the run. No test asserts how long anything took; the deadline only turns a
/// hang into a failure.
/// </summary>
public static class Bounded
{
    /// <summary>How long a test waits for something that should happen promptly (a continuation, a completion).</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Awaits <paramref name="task"/>, failing the test after <see cref="Deadline"/> with <paramref name="what"/>.</summary>
    public static async Task Wait(Task task, string what)
    {
        await Task.WhenAny(task, Task.Delay(Deadline)).ConfigureAwait(false);
        Assert.True(task.IsCompleted, TimedOut(what));
        await task.ConfigureAwait(false); // rethrows the task's own exception, if any
    }

    /// <summary>Awaits <paramref name="task"/> and returns its result, failing the test after <see cref="Deadline"/>.</summary>
    public static async Task<T> Wait<T>(Task<T> task, string what)
    {
        await Wait((Task)task, what).ConfigureAwait(false);
        return await task.ConfigureAwait(false);
    }

    /// <summary>Blocks until <paramref name="task"/> finishes, failing the test after <see cref="Deadline"/>; for tests that are not async.</summary>
    public static void Block(Task task, string what)
    {
        Assert.True(((IAsyncResult)task).AsyncWaitHandle.WaitOne(Deadline), TimedOut(what));
        task.GetAwaiter().GetResult();
    }

    /// <summary>Blocks on <paramref name="signal"/>, failing the test after <see cref="Deadline"/>.</summary>
    public static void Block(CountdownEvent signal, string what) => Assert.True(signal.Wait(Deadline), TimedOut(what));

    private static string TimedOut(string what) => $"Timed out after {Deadline.TotalSeconds:0} s waiting for {what}.";
}
