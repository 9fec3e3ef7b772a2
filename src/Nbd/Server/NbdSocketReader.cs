using System.Net.Sockets;

namespace DmIo.Nbd.Server;

/// <summary>
/// Reads a connection's bytes through one large buffer, so many small headers cost one receive; a read at least as
/// long as the buffer goes straight into the caller's memory instead of being copied.
/// </summary>
internal sealed class NbdSocketReader
{
    private readonly Socket socket;
    private readonly byte[] buffer;
    private int start;
    private int end;

    public NbdSocketReader(Socket socket, int bufferBytes)
    {
        this.socket = socket;
        buffer = new byte[bufferBytes];
    }

    /// <summary>Whether no byte has been received that was not yet read (true at a clean end of the stream).</summary>
    public bool IsDrained => start == end;

    /// <summary>Fills <paramref name="destination"/>; throws <see cref="EndOfStreamException"/> if the peer closes first.</summary>
    public async ValueTask ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (destination.Length > 0)
        {
            int buffered = end - start;
            if (buffered > 0)
            {
                int count = Math.Min(buffered, destination.Length);
                buffer.AsMemory(start, count).CopyTo(destination);
                start += count;
                destination = destination[count..];
            }
            else if (destination.Length >= buffer.Length)
            {
                int received = await socket.ReceiveAsync(destination, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (received == 0)
                {
                    throw new EndOfStreamException("the client closed the connection");
                }

                destination = destination[received..];
            }
            else
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads and throws away <paramref name="count"/> bytes (the payload of a refused write).</summary>
    public async ValueTask SkipAsync(long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (start == end)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }

            int skipped = (int)Math.Min(count, end - start);
            start += skipped;
            count -= skipped;
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        start = 0;
        end = 0;
        int received = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        if (received == 0)
        {
            throw new EndOfStreamException("the client closed the connection");
        }

        end = received;
    }
}
