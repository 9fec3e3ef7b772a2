namespace DmIo.Nbd.Tests.Support;

/// <summary>How the test export calls a request's completion.</summary>
public enum CompletionMode
{
    /// <summary>Before Submit returns, on the server's reader thread.</summary>
    Inline,

    /// <summary>From a thread-pool thread, after Submit returned.</summary>
    ThreadPool,

    /// <summary>Not until the test releases it.</summary>
    Held,
}
