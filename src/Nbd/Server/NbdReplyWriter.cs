using System.Net.Sockets;
using System.Threading.Channels;

namespace DmIo.Nbd.Server;

/// <summary>
/// The one writer of a connection's replies: completions queue their request without blocking, and this loop sends
/// whatever has queued in one gathered send, so replies never interleave and a busy connection needs few syscalls.
/// Every queued request is handed back to the connection after its reply went out (or could not, once the socket
/// failed), which is when its buffer may be reused.
/// </summary>
internal sealed class NbdReplyWriter
{
    private const int MaxBatch = 64;

    private readonly Channel<NbdPendingRequest> queue = Channel.CreateUnbounded<NbdPendingRequest>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly Socket socket;
    private readonly bool structuredReplies;
    private readonly Action<NbdPendingRequest> release;
    private readonly Action<string> log;

    public NbdReplyWriter(Socket socket, bool structuredReplies, Action<NbdPendingRequest> release, Action<string> log)
    {
        this.socket = socket;
        this.structuredReplies = structuredReplies;
        this.release = release;
        this.log = log;
    }

    public void Enqueue(NbdPendingRequest request)
    {
        if (!queue.Writer.TryWrite(request))
        {
            // Only after Finish, which waits for every request: kept so a misbehaving export cannot leak a buffer.
            release(request);
        }
    }

    /// <summary>Ends the loop once the queue is empty; called when no request is outstanding.</summary>
    public void Finish() => queue.Writer.TryComplete();

    public async Task RunAsync()
    {
        var segments = new List<ArraySegment<byte>>(2 * MaxBatch);
        var batch = new List<NbdPendingRequest>(MaxBatch);
        bool broken = false;
        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var request))
            {
                batch.Add(request);
                if (!broken)
                {
                    request.AppendReply(segments, structuredReplies);
                }
            }

            if (!broken)
            {
                try
                {
                    await SendAllAsync(segments).ConfigureAwait(false);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    broken = true;
                    log($"replies can no longer be sent ({e.Message}); the rest are dropped");
                }
            }

            foreach (var request in batch)
            {
                release(request);
            }

            batch.Clear();
            segments.Clear();
        }
    }

    private async Task SendAllAsync(List<ArraySegment<byte>> segments)
    {
        long remaining = 0;
        foreach (var segment in segments)
        {
            remaining += segment.Count;
        }

        while (remaining > 0)
        {
            int sent = await socket.SendAsync(segments, SocketFlags.None).ConfigureAwait(false);
            remaining -= sent;
            if (remaining > 0)
            {
                DropSent(segments, sent);
            }
        }
    }

    private static void DropSent(List<ArraySegment<byte>> segments, int sent)
    {
        int whole = 0;
        while (sent > 0 && segments[whole].Count <= sent)
        {
            sent -= segments[whole].Count;
            whole++;
        }

        segments.RemoveRange(0, whole);
        if (sent > 0)
        {
            segments[0] = segments[0][sent..];
        }
    }
}
