using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DmIo.Nbd.Tests.Support;

namespace DmIo.Nbd.Tests.Fuzzing;

/// <summary>
/// Sends mutated client streams to a server, one connection each, and after each checks that the server still
/// serves a well-formed client, that the export never got a request its contract forbids, and that no byte changed
/// outside what the requests the export accepted wrote.
/// </summary>
internal sealed class NbdFuzzRunner(TestServer server, MemoryTestExport export, byte[] initialData)
{
    private const int ProbeOffset = 512 * 1024;

    /// <summary>Runs <paramref name="connections"/> mutated clients (or until the budget is spent); returns how many ran.</summary>
    public async Task<int> RunAsync(int seed, int connections, TimeSpan budget, bool probeEach)
    {
        var random = new Random(seed);
        var generator = new ClientStreamGenerator(random, export.Name, (int)export.SizeBytes);
        var mutator = new StreamMutator(random);
        var clock = Stopwatch.StartNew();
        int ran = 0;
        while (ran < connections && clock.Elapsed < budget)
        {
            var (stream, mutation) = mutator.Mutate(generator.Generate());
            string where = $"seed {seed}, connection {ran}, mutation {mutation}";
            await SendAndDrainAsync(stream, where);
            ran++;
            if (probeEach)
            {
                await ProbeAsync(random, where);
                CheckExport(where);
            }
        }

        return ran;
    }

    /// <summary>Fails unless a fresh, well-formed client can write and read back.</summary>
    public async Task ProbeAsync(Random random, string where)
    {
        await using var client = await server.ConnectAsync();
        await client.NegotiateAsync(export.Name, structured: random.Next(2) == 0);
        byte[] data = new byte[4096];
        random.NextBytes(data);
        await client.SendRequestAsync(1, 1, ProbeOffset, 4096, payload: data);
        var written = await client.ReadReplyAsync();
        await client.SendRequestAsync(0, 2, ProbeOffset, 4096);
        var read = await client.ReadReplyAsync(4096);
        Assert.True(written.Errno == 0 && read.Errno == 0, $"the probe after {where} got errno {written.Errno}/{read.Errno}");
        Assert.True(data.AsSpan().SequenceEqual(read.Data), $"the probe after {where} read back other data");
    }

    /// <summary>Fails if the export got a forbidden request or a byte changed that no accepted request covered.</summary>
    public void CheckExport(string where)
    {
        Assert.True(export.Violations.IsEmpty, $"after {where}: {string.Join("; ", export.Violations.Take(5))}");
        for (int i = 0; i < initialData.Length; i++)
        {
            if (!export.Touched[i] && export.Data[i] != initialData[i])
            {
                Assert.Fail($"after {where}: byte {i} changed though no accepted request covered it");
            }
        }
    }

    private async Task SendAndDrainAsync(byte[] stream, string where)
    {
        using var socket = server.EndPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await Within.Await(socket.ConnectAsync(server.EndPoint), $"a connection for {where}");
        var drain = DrainAsync(socket);
        try
        {
            int sent = 0;
            while (sent < stream.Length)
            {
                sent += await socket.SendAsync(stream.AsMemory(sent), SocketFlags.None);
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The server may close before the stream ends (that is often the right answer to a broken stream).
        }

        await Within.Await(drain, $"the server to close the connection after the client's end ({where})", TimeSpan.FromSeconds(5));
    }

    private static async Task DrainAsync(Socket socket)
    {
        var buffer = new byte[65536];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // A reset is a close too.
        }
    }
}
