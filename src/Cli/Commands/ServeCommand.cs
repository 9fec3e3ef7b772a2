using System.CommandLine;
using DmIo.Simulation;
using DmIo.Simulation.Protocol;

namespace DmIo.Cli.Commands;

/// <summary><c>serve</c>: the JSON-lines reference-backend protocol on stdin/stdout (docs/PROTOCOL.md).</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("serve", "Speak the JSON-lines protocol on stdin/stdout: create devices, submit requests, inject faults, read results.");
        command.SetAction(parse => ResourceLimitOptions.Read(parse, context) is { } limits ? Serve(context.Input, context.Output, limits) : ExitCodes.BadInput);
        return command;
    }

    /// <summary>Answers each request line until end of input or a quit request.</summary>
    public static int Serve(TextReader input, TextWriter output, ResourceLimits? limits = null)
    {
        limits ??= ResourceLimits.Default;
        using var session = new ServeSession(limits);
        var reader = new BoundedLineReader(input, limits.MaxInputBytes);
        while (!session.Finished)
        {
            bool fits = reader.TryReadLine(out string? line);
            if (line is null)
            {
                break;
            }

            if (fits && string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            output.WriteLine(fits ? session.Handle(line) : ServeSession.LineTooLong(limits));
            output.Flush();
        }

        return ExitCodes.Success;
    }
}
