using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using DmIo.Cli.Tests.Support;

namespace DmIo.Cli.Tests.Nbd.Support;

/// <summary>
/// <c>dmio-sim nbd</c> as a child process: waits for its "serving" line, sends control lines and reads their answers,
/// every wait bounded (failing with the server's standard error), and the whole process tree killed on dispose.
/// </summary>
internal sealed class NbdServerProcess : IAsyncDisposable
{
    /// <summary>How long one answer, the start, or an exit may take before the test fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _errors = new();
    private readonly Task _reader;

    private NbdServerProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_errors)
                {
                    _errors.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
        _reader = Task.Run(ReadOutputAsync);
    }

    /// <summary>The parsed "serving" line.</summary>
    public JsonElement Serving { get; private set; }

    /// <summary>Everything the server wrote to standard error so far.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public int ProcessId => _process.Id;

    /// <summary>Starts <c>dmio-sim nbd ARGS</c> and waits for its "serving" line.</summary>
    public static async Task<NbdServerProcess> StartAsync(params string[] arguments)
    {
        var server = Launch(arguments);
        try
        {
            string line = await server.NextLineAsync("the 'serving' line");
            using var json = JsonDocument.Parse(line);
            Assert.True(json.RootElement.GetProperty("event").GetString() == "serving", $"the first line is not the serving line: {line}");
            server.Serving = json.RootElement.Clone();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <c>dmio-sim nbd ARGS</c> without waiting for anything (for inputs it must refuse).</summary>
    public static NbdServerProcess Launch(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Repo.ToolDll());
        start.ArgumentList.Add("nbd");
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new NbdServerProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>The URI the serving line gives for export <paramref name="name"/>.</summary>
    public string Uri(string name) => Serving.GetProperty("exports").EnumerateArray()
        .Single(e => e.GetProperty("name").GetString() == name).GetProperty("uri").GetString()!;

    /// <summary>Writes one control line and returns its answer.</summary>
    public async Task<JsonElement> SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
        string answer = await NextLineAsync($"the answer to {line}");
        using var json = JsonDocument.Parse(answer);
        return json.RootElement.Clone();
    }

    /// <summary>Writes one control line that must be accepted (ok:true); returns its answer.</summary>
    public async Task<JsonElement> SendOkAsync(string line)
    {
        JsonElement answer = await SendAsync(line);
        Assert.True(answer.GetProperty("ok").GetBoolean(), $"{line} was refused: {answer}");
        return answer;
    }

    /// <summary>Sends quit, expects ok, and waits for the exit.</summary>
    public async Task<int> QuitAsync()
    {
        await SendOkAsync("""{"cmd":"quit"}""");
        return await WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM to the server (the dotnet host runs the tool in its own process).</summary>
    public void Terminate()
    {
        using Process kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.True(kill.ExitCode == 0, "kill -TERM failed");
    }

    /// <summary>Waits for the exit; fails naming standard error when it takes longer than <paramref name="patience"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? patience = null)
    {
        TimeSpan limit = patience ?? Patience;
        try
        {
            await _process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"dmio-sim nbd did not exit within {limit.TotalSeconds} s; stderr: {Errors}");
        }

        await _reader;
        _process.WaitForExit(); // drains the asynchronous standard error reader
        return _process.ExitCode;
    }

    /// <summary>The lines written to standard output after the ones already read (call after the exit).</summary>
    public List<string> RemainingLines()
    {
        var lines = new List<string>();
        while (_lines.Reader.TryRead(out string? line))
        {
            lines.Add(line);
        }

        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(Patience);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task<string> NextLineAsync(string what)
    {
        try
        {
            using var deadline = new CancellationTokenSource(Patience);
            if (await _lines.Reader.WaitToReadAsync(deadline.Token) && _lines.Reader.TryRead(out string? line))
            {
                return line;
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no {what} within {Patience.TotalSeconds} s; stderr: {Errors}");
        }

        await WaitForExitAsync();
        Assert.Fail($"dmio-sim nbd exited ({_process.ExitCode}) before {what}; stderr: {Errors}");
        return string.Empty;
    }

    private async Task ReadOutputAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            _lines.Writer.TryWrite(line);
        }

        _lines.Writer.TryComplete();
    }
}
