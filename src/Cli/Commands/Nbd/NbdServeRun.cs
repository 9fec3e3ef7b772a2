using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using DmIo.Nbd.Server;
using DmIo.Nbd.Serving;
using DmIo.Simulation;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;

namespace DmIo.Cli.Commands.Nbd;

/// <summary>
/// One <c>dmio-sim nbd</c> from start to end: every input checked before anything starts, the session and server
/// started, control lines answered, and on stop the server drained, the run finished and the result written.
/// </summary>
internal sealed class NbdServeRun(CliContext context, NbdServeOptions options)
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(15); // in-flight requests at stop
    private readonly ManualResetEventSlim _stop = new();   // set by quit, a signal, or --run's command ending
    private readonly Lock _output = new();                 // standard output carries whole lines
    private int? _commandStatus;                           // --run's exit status

    public int Execute()
    {
        if (!CheckOptions(out List<NbdExportSpec> exports, out EndPoint? endpoint))
        {
            return ExitCodes.BadInput;
        }

        Scenario? scenario = ScenarioInput.Load(options.ScenarioPath, context, options.Limits);
        if (scenario is null)
        {
            return ExitCodes.BadInput;
        }

        try
        {
            NbdExportSpec.Check(exports, [.. scenario.Devices.Select(d => d.Name)]);
        }
        catch (FormatException e)
        {
            return context.BadInput(e.Message);
        }

        StreamWriter? trace = null;
        FileStream? payloads = null;
        try
        {
            if (options.TracePath is { } tracePath)
            {
                trace = new StreamWriter(tracePath, append: false, new System.Text.UTF8Encoding(false), 1 << 16);
                payloads = new FileStream(tracePath + ".data", FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
            }

            return Serve(scenario, exports, endpoint!, trace, payloads);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return context.BadInput($"--trace {options.TracePath}: cannot be written: {CliContext.OneLine(e.Message)}");
        }
        finally
        {
            trace?.Dispose();
            payloads?.Dispose();
        }
    }

    private int Serve(Scenario scenario, List<NbdExportSpec> exports, EndPoint endpoint, StreamWriter? trace, FileStream? payloads)
    {
        NbdSession session;
        try
        {
            session = NbdSession.Start(scenario, exports, new NbdSessionOptions { Trace = trace, Payloads = payloads, Limits = options.Limits });
        }
        catch (ScenarioFormatException e)
        {
            return context.BadInput(ScenarioInput.Describe(options.ScenarioPath, e));
        }
        catch (InvalidOperationException e)
        {
            context.Error.WriteLine($"{InputPath.Name(options.ScenarioPath)}: {CliContext.OneLine(e.Message)}; nothing was served");
            return ExitCodes.Failed;
        }

        using (session)
        {
            var server = new NbdServer(session, new NbdServerOptions { MaxConnections = options.MaxConnections, Log = options.Verbose ? context.Error : null });
            EndPoint bound;
            try
            {
                bound = server.Start(endpoint);
            }
            catch (SocketException e)
            {
                server.DisposeAsync().AsTask().Wait(DrainTimeout);
                return context.BadInput($"{ListenOption()} {endpoint}: cannot listen: {CliContext.OneLine(e.Message)}");
            }

            try
            {
                Announce(session, bound);
                using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
                using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
                StartControl(session);
                if (options.ExitWithParent)
                {
                    ParentWatch.Start(() =>
                    {
                        context.Error.WriteLine("dmio-sim nbd: the parent process exited (--exit-with-parent); stopping");
                        _stop.Set();
                    });
                }

                if (options.RunCommand is { } command)
                {
                    StartCommand(command, bound, exports[0].Export);
                }

                _stop.Wait();
            }
            finally
            {
                if (!server.StopAsync().Wait(DrainTimeout))
                {
                    context.Error.WriteLine($"dmio-sim nbd: requests still in flight after {DrainTimeout.TotalSeconds:0} s were abandoned");
                }

                if (bound is UnixDomainSocketEndPoint)
                {
                    File.Delete(options.UnixPath!);
                }
            }

            RunResult result = session.Finish();
            trace?.Flush();
            payloads?.Flush();
            if (options.ResultPath is { } resultPath)
            {
                OutputPath.WriteText(context, resultPath, result.ToJson());
            }

            context.Error.WriteLine($"dmio-sim nbd: served {server.ConnectionsAccepted} connection(s); {result.Faults.Count} fault decision(s)"
                + (options.TracePath is null ? string.Empty : $"; trace: {options.TracePath} (payloads: {options.TracePath}.data)"));
            foreach (string error in session.EventErrors)
            {
                context.Error.WriteLine($"internal error in a scheduled event: {error} (a bug in dmio-sim; please report it)");
            }

            return session.EventErrors.Count > 0 ? ExitCodes.InternalError : _commandStatus ?? ExitCodes.Success;
        }
    }

    private bool CheckOptions(out List<NbdExportSpec> exports, out EndPoint? endpoint)
    {
        exports = [];
        endpoint = null;
        try
        {
            exports = [.. options.Exports.Select(NbdExportSpec.Parse)];
        }
        catch (FormatException e)
        {
            context.BadInput(e.Message);
            return false;
        }

        if (StandardStream.Is(options.ScenarioPath))
        {
            context.BadInput("the scenario is '-': standard input carries the control channel while serving; name a file");
            return false;
        }

        if (options.Listen is not null && options.UnixPath is not null)
        {
            context.BadInput("--listen and --unix are both given: serve on one of them");
            return false;
        }

        if (options.MaxConnections < 1)
        {
            context.BadInput($"--max-connections {options.MaxConnections}: must be at least 1");
            return false;
        }

        if (options.ExitWithParent && !ParentWatch.IsSupported)
        {
            context.BadInput("--exit-with-parent: this platform cannot tell when the parent exits (Linux and macOS can)");
            return false;
        }

        if (StandardStream.Is(options.TracePath))
        {
            context.BadInput("--trace -: standard output carries the control channel's answers; name a file");
            return false;
        }

        if (!OutputPath.CheckFile(context, options.ResultPath, "--out") || !OutputPath.CheckFile(context, options.TracePath, "--trace"))
        {
            return false;
        }

        if (options.UnixPath is { } path)
        {
            string full = Path.GetFullPath(path);
            if (File.Exists(full) || Directory.Exists(full))
            {
                context.BadInput($"--unix {path}: something is there already; remove it or choose another path");
                return false;
            }

            if (Path.GetDirectoryName(full) is { } parent && !Directory.Exists(parent))
            {
                context.BadInput($"--unix {path}: the directory {parent} does not exist");
                return false;
            }

            endpoint = new UnixDomainSocketEndPoint(full);
            return true;
        }

        if (!NbdListenAddress.TryParse(options.Listen ?? $"127.0.0.1:{NbdListenAddress.DefaultPort}", out IPEndPoint ip, out string problem))
        {
            context.BadInput($"--listen {options.Listen}: {problem}");
            return false;
        }

        endpoint = ip;
        return true;
    }

    // The first line on standard output says where each export is, so a script can read it before connecting.
    private void Announce(NbdSession session, EndPoint bound)
    {
        string line = ResultJson.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("event", "serving");
            w.WriteString("address", bound is UnixDomainSocketEndPoint ? options.UnixPath : bound.ToString());
            w.WriteStartArray("exports");
            foreach (ScenarioExport export in session.Exports.Cast<ScenarioExport>())
            {
                w.WriteStartObject();
                w.WriteString("name", export.Name);
                w.WriteString("device", export.DeviceName);
                w.WriteNumber("size", export.SizeBytes);
                w.WriteString("uri", NbdListenAddress.Uri(bound, export.Name));
                w.WriteEndObject();
                context.Error.WriteLine($"dmio-sim nbd: serving device '{export.DeviceName}' ({export.SizeBytes} bytes) at {NbdListenAddress.Uri(bound, export.Name)}");
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }, indented: false);
        WriteLine(line);
    }

    private void StartControl(NbdSession session)
    {
        var reader = new BoundedLineReader(context.Input, options.Limits.MaxInputBytes);
        var thread = new Thread(() =>
        {
            // The end of standard input ends only the channel: a server started in the background has none.
            while (!session.Control.Finished && !_stop.IsSet)
            {
                bool fits = reader.TryReadLine(out string? line);
                if (line is null)
                {
                    return;
                }

                if (fits && string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                WriteLine(fits ? session.Control.Handle(line) : Simulation.Protocol.ServeSession.LineTooLong(options.Limits));
            }

            _stop.Set();
        })
        { IsBackground = true, Name = "dmio-sim nbd control" };
        thread.Start();
    }

    private void StartCommand(string command, EndPoint bound, string firstExport)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        string uri = NbdListenAddress.Uri(bound, firstExport);
        start.Environment["uri"] = uri;
        start.Environment["nbd"] = uri;
        if (bound is IPEndPoint ip)
        {
            start.Environment["port"] = ip.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            start.Environment["unixsocket"] = options.UnixPath;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("/bin/sh did not start");
        var waiter = new Thread(() =>
        {
            process.WaitForExit();
            _commandStatus = process.ExitCode;
            process.Dispose();
            _stop.Set();
        })
        { IsBackground = true, Name = "dmio-sim nbd --run" };
        waiter.Start();
    }

    private void Stop(PosixSignalContext signal)
    {
        signal.Cancel = true; // stop in order: drain, finish, write the result
        _stop.Set();
    }

    private void WriteLine(string line)
    {
        lock (_output)
        {
            context.Output.WriteLine(line);
            context.Output.Flush();
        }
    }

    private string ListenOption() => options.UnixPath is null ? "--listen" : "--unix";
}
