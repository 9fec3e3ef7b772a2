namespace DmIo.Cli.Tests.Support;

/// <summary>Runs dmio-sim in-process with captured output.</summary>
internal static class Tool
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = DmIoSimCli.Run(args, new CliContext(output, error, interactive: false));
        return (exit, output.ToString(), error.ToString());
    }
}
