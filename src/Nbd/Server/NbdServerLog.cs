namespace DmIo.Nbd.Server;

/// <summary>Writes one line per event to the options' log, one writer at a time (TextWriter is not thread-safe).</summary>
internal sealed class NbdServerLog
{
    private readonly TextWriter? writer;
    private readonly Lock gate = new();

    public NbdServerLog(TextWriter? writer) => this.writer = writer;

    public void Write(string line)
    {
        if (writer is null)
        {
            return;
        }

        lock (gate)
        {
            try
            {
                writer.WriteLine("nbd: " + line);
                writer.Flush();
            }
            catch (ObjectDisposedException)
            {
                // The caller's log is gone: the server keeps serving without one.
            }
        }
    }
}
