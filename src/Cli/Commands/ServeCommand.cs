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
        command.SetAction(parse => ResourceLimitOptions.Read(parse, context) is { } limits ? Serve(Console.In, context.Output, limits) : ExitCodes.BadInput);
        return command;
    }

    /// <summary>Answers each request line until end of input or a quit request.</summary>
    public static int Serve(TextReader input, TextWriter output, ResourceLimits? limits = null)
    {
        using var session = new ServeSession(limits);
        while (!session.Finished && input.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            output.WriteLine(session.Handle(line));
            output.Flush();
        }

        return ExitCodes.Success;
    }
}
