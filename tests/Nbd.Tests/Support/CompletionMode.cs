namespace DmIo.Nbd.Tests.Support;

/// <summary>How <see cref="MemoryTestExport"/> calls a request's completion.</summary>
internal enum CompletionMode
{
    /// <summary>Before Submit returns, on the server's reader thread.</summary>
    Inline,

    /// <summary>From a thread-pool thread, after Submit returned.</summary>
    ThreadPool,

    /// <summary>Not until the test calls <see cref="MemoryTestExport.ReleaseHeld"/>.</summary>
    Held,
}
