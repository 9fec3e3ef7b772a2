using System.Collections.Concurrent;
using System.Net.Sockets;
using DmIo.Nbd.Exports;
using DmIo.Nbd.Protocol;

namespace DmIo.Nbd.Server;

/// <summary>
/// One client: the handshake, then a reader loop that checks each request and submits it to the export without
/// waiting, while an <see cref="NbdReplyWriter"/> sends the replies as they complete. The connection ends only after
/// every submitted request completed, because the export may still be using a request's buffer until then.
/// </summary>
internal sealed class NbdConnection
{
    /// <summary>The longest refused write whose payload is read and dropped to stay in step; longer ones close.</summary>
    public const long MaxSkippedWriteBytes = 64L * 1024 * 1024;

    private const int ReadBufferBytes = 256 * 1024;

    private readonly long id;
    private readonly Socket socket;
    private readonly INbdExportCatalog catalog;
    private readonly NbdServerOptions options;
    private readonly NbdServerLog log;
    private readonly NbdSocketReader reader;
    private readonly NbdPayloadPool payloadPool;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<NbdPendingRequest> requestPool = new();
    private readonly Action<NbdPendingRequest> onRequestDone;
    private readonly Action<NbdPendingRequest> onReplySent;
    private NbdReplyWriter? writer;
    private int outstanding = 1;
    private long requestCount;

    public NbdConnection(long id, Socket socket, INbdExportCatalog catalog, NbdServerOptions options, NbdServerLog log, NbdPayloadPool payloadPool)
    {
        this.payloadPool = payloadPool;
        this.id = id;
        this.socket = socket;
        this.catalog = catalog;
        this.options = options;
        this.log = log;
        reader = new NbdSocketReader(socket, ReadBufferBytes);
        onRequestDone = request => writer!.Enqueue(request);
        onReplySent = Release;
    }

    /// <summary>Serves the client until it leaves, breaks the protocol or the server stops; never throws.</summary>
    public async Task RunAsync()
    {
        string reason = "closed";
        Task? writerTask = null;
        try
        {
            var chosen = await HandshakeAsync().ConfigureAwait(false);
            if (chosen is null)
            {
                reason = "handshake ended without an export";
                return;
            }

            Log($"export '{chosen.Export.Name}' chosen, {(chosen.StructuredReplies ? "structured" : "simple")} replies");
            writer = new NbdReplyWriter(socket, chosen.StructuredReplies, onReplySent, Log);
            writerTask = writer.RunAsync();
            reason = await TransmitAsync(chosen).ConfigureAwait(false);
        }
        catch (NbdProtocolException e)
        {
            reason = "protocol error: " + e.Message;
            Shutdown();
        }
        catch (EndOfStreamException)
        {
            reason = "the client closed the connection without NBD_CMD_DISC";
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            reason = "the server is stopping";
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            reason = stopping.IsCancellationRequested ? "the server is stopping" : "socket error: " + e.Message;
        }
        catch (Exception e)
        {
            reason = $"unexpected {e.GetType().Name}: {e.Message}";
            Shutdown();
        }
        finally
        {
            await EndAsync(writerTask, reason).ConfigureAwait(false);
        }
    }

    /// <summary>Makes <see cref="RunAsync"/> end soon: pending reads and writes fail, in-flight requests still complete.</summary>
    public void Abort()
    {
        try
        {
            stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already ended.
        }

        Shutdown();
    }

    private async Task<NbdHandshakeResult?> HandshakeAsync()
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
        deadline.CancelAfter(options.HandshakeTimeout);
        var handshake = new NbdHandshake(socket, reader, catalog, options.MaxPayloadBytes, Log);
        try
        {
            return await handshake.RunAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            Log($"protocol error: the handshake took longer than {options.HandshakeTimeout.TotalSeconds} s; closing");
            return null;
        }
    }

    private async Task<string> TransmitAsync(NbdHandshakeResult chosen)
    {
        var export = chosen.Export;
        var sizes = NbdExportAdvertisement.BlockSizesFor(export.BlockSizes, options.MaxPayloadBytes);
        var validator = new NbdRequestValidator(export, sizes, chosen.StructuredReplies);
        var headerBytes = new byte[NbdRequestHeader.Size];
        var token = stopping.Token;
        while (true)
        {
            await reader.ReadExactlyAsync(headerBytes, token).ConfigureAwait(false);
            var header = NbdRequestHeader.Parse(headerBytes);
            if (header.Magic != NbdMagic.Request)
            {
                throw new NbdProtocolException($"request magic 0x{header.Magic:x8} is wrong; the stream cannot be resynchronised");
            }

            requestCount++;
            if ((NbdCommand)header.Type == NbdCommand.Disconnect)
            {
                return "the client sent NBD_CMD_DISC";
            }

            var check = validator.Check(header);
            if (check.IsPassed)
            {
                await SubmitAsync(export, header, validator.MaximumPayload, token).ConfigureAwait(false);
            }
            else
            {
                await RefuseAsync(header, check, token).ConfigureAwait(false);
            }
        }
    }

    private async Task RefuseAsync(NbdRequestHeader header, NbdRequestCheck check, CancellationToken token)
    {
        var command = (NbdCommand)header.Type;
        if (command == NbdCommand.Write)
        {
            if (header.Length > MaxSkippedWriteBytes)
            {
                throw new NbdProtocolException($"a refused write carries {header.Length} bytes, too many to skip ({check.Reason})");
            }

            await reader.SkipAsync(header.Length, token).ConfigureAwait(false);
        }

        Log($"request refused (command {header.Type}, cookie {header.Cookie}): {check.Reason}");
        var request = RentRequest();
        request.Start(command, header.Cookie, header.Offset, buffer: null, length: 0, parts: 1);
        Interlocked.Increment(ref outstanding);
        request.Complete(check.Errno, check.Reason);
    }

    private async Task SubmitAsync(INbdExport export, NbdRequestHeader header, uint maximumPayload, CancellationToken token)
    {
        var command = (NbdCommand)header.Type;
        var flags = (NbdCommandFlags)header.Flags;
        int length = (int)header.Length;
        byte[]? buffer = null;
        if (command is NbdCommand.Read or NbdCommand.Write)
        {
            buffer = payloadPool.Rent(length);
            if (command == NbdCommand.Write)
            {
                try
                {
                    await reader.ReadExactlyAsync(buffer.AsMemory(0, length), token).ConfigureAwait(false);
                }
                catch
                {
                    payloadPool.Return(buffer);
                    throw;
                }
            }
        }

        // A trim or write-zeroes may be longer than the export's maximum (that limit is for payloads); the export
        // is promised nothing longer, so such a request goes to it in pieces and is answered once all are done.
        int pieces = command is NbdCommand.Trim or NbdCommand.WriteZeroes ? (int)((header.Length + (ulong)maximumPayload - 1) / maximumPayload) : 1;
        var request = RentRequest();
        request.Start(command, header.Cookie, header.Offset, buffer, length, pieces);
        Interlocked.Increment(ref outstanding);
        var memory = buffer is null ? Memory<byte>.Empty : buffer.AsMemory(0, length);
        long offset = (long)header.Offset;
        long left = length;
        for (int piece = 0; piece < pieces; piece++)
        {
            int pieceLength = (int)Math.Min(left, maximumPayload);
            var io = new NbdIo(command, flags, header.Cookie, offset, pieceLength);
            Submit(export, io, memory, request);
            offset += pieceLength;
            left -= pieceLength;
        }
    }

    private void Submit(INbdExport export, in NbdIo io, Memory<byte> memory, NbdPendingRequest request)
    {
        try
        {
            export.Submit(io, memory, request);
        }
        catch (Exception e)
        {
            Log($"the export threw on {io.Command} at {io.Offset}: {e.GetType().Name}: {e.Message}");
            request.Complete(NbdWireErrno.Eio, $"the export failed: {e.Message}");
        }
    }

    private NbdPendingRequest RentRequest()
        => requestPool.TryDequeue(out var request) ? request : new NbdPendingRequest(onRequestDone);

    private void Release(NbdPendingRequest request)
    {
        if (request.Buffer is { } buffer)
        {
            payloadPool.Return(buffer);
            request.ClearBuffer();
        }

        requestPool.Enqueue(request);
        ReleaseOutstanding();
    }

    private void ReleaseOutstanding()
    {
        if (Interlocked.Decrement(ref outstanding) == 0)
        {
            writer?.Finish();
        }
    }

    private async Task EndAsync(Task? writerTask, string reason)
    {
        // The reader's own reference: once it goes, the writer ends after the last outstanding request's reply.
        ReleaseOutstanding();
        if (writerTask is not null)
        {
            try
            {
                await writerTask.ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Log($"the reply writer failed: {e.GetType().Name}: {e.Message}");
            }
        }

        Shutdown();
        socket.Dispose();
        stopping.Dispose();
        Log($"closed after {requestCount} requests: {reason}");
    }

    private void Shutdown()
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed by the peer or by the end of the connection.
        }
    }

    private void Log(string line) => log.Write($"connection {id}: {line}");
}
