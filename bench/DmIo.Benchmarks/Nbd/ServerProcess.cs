using System.Diagnostics;
using System.Text;

namespace DmIo.Benchmarks.Nbd;

/// <summary>
/// A server process (nbdkit or <c>dmio-sim nbd</c>) serving one export on a Unix socket: its standard output and
/// error are drained (kept for the error message when it fails), and <see cref="Dispose"/> stops it the polite way
/// first (a quit line, or SIGTERM), then kills it after <see cref="StopTimeout"/>.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    /// <summary>How long a server gets to stop before it is killed.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Action<Process> _askToStop;
    private readonly TaskCompletionSource<string> _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process, Action<Process> askToStop)
    {
        _process = process;
        _askToStop = askToStop;
    }

    /// <summary>The export's NBD URI (set once the server is ready).</summary>
    public string Uri { get; private set; } = "";

    /// <summary>What the server wrote to standard error so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="program"/> with <paramref name="arguments"/>, its stdin a pipe kept open.</summary>
    /// <param name="program">The program.</param>
    /// <param name="arguments">Its arguments (no shell).</param>
    /// <param name="askToStop">Asks the process to stop (it gets <see cref="StopTimeout"/> before a kill).</param>
    /// <returns>The running process.</returns>
    public static ServerProcess Start(string program, IReadOnlyList<string> arguments, Action<Process> askToStop)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, askToStop);
        process.OutputDataReceived += (_, e) =>
        {
            server._firstLine.TrySetResult(e.Data ?? ""); // null: standard output closed
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (server._stderr)
                {
                    server._stderr.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Sends SIGTERM to a process (as <c>kill -TERM</c>).</summary>
    /// <param name="process">The process.</param>
    public static void Terminate(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        ClientProcess.Run("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
    }

    /// <summary>Writes one line to the server's standard input.</summary>
    /// <param name="process">The process.</param>
    /// <param name="line">The line.</param>
    public static void SendLine(Process process, string line)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.StandardInput.WriteLine(line);
        process.StandardInput.Flush();
    }

    /// <summary>Waits for the first line on standard output and marks the server ready with the URI it gives.</summary>
    /// <param name="uriOfFirstLine">Reads the URI from the line (throws if it is not the one expected).</param>
    /// <param name="timeout">How long to wait.</param>
    public void WaitForFirstLine(Func<string, string> uriOfFirstLine, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(uriOfFirstLine);
        Task<string> line = _firstLine.Task;
        if (!line.Wait(timeout))
        {
            throw Failed($"printed nothing on standard output in {timeout.TotalSeconds} s");
        }

        Uri = line.Result.Length > 0
            ? uriOfFirstLine(line.Result)
            : throw Failed("closed its standard output before printing anything");
    }

    /// <summary>Waits until <paramref name="ready"/> holds and marks the server ready with <paramref name="uri"/>.</summary>
    /// <param name="ready">Whether the server is ready (polled every 10 ms).</param>
    /// <param name="uri">The export's URI.</param>
    /// <param name="timeout">How long to wait.</param>
    public void WaitUntil(Func<bool> ready, string uri, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(ready);
        var clock = Stopwatch.StartNew();
        while (!ready())
        {
            if (_process.HasExited)
            {
                throw Failed($"exited with status {_process.ExitCode} before it was ready");
            }

            if (clock.Elapsed > timeout)
            {
                throw Failed($"was not ready in {timeout.TotalSeconds} s");
            }

            Thread.Sleep(10);
        }

        Uri = uri;
    }

    /// <summary>An exception naming the server, with its standard error.</summary>
    /// <param name="what">What went wrong.</param>
    /// <returns>The exception.</returns>
    public InvalidOperationException Failed(string what) =>
        new($"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)} {what}:\n{Stderr}");

    /// <summary>Asks the server to stop, and kills it if it has not after <see cref="StopTimeout"/>.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _askToStop(_process);
                if (!_process.WaitForExit(StopTimeout))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit();
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
