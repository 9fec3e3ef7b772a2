namespace DmIo.Nbd.Server;

/// <summary>A client broke the protocol in a way the server cannot answer, so the connection is closed.</summary>
internal sealed class NbdProtocolException : Exception
{
    public NbdProtocolException(string message)
        : base(message)
    {
    }

    public NbdProtocolException()
    {
    }

    public NbdProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
