namespace DmIo.Cli.Tests.Support;

/// <summary>Runs dmio-sim in-process with captured output.</summary>
internal static class Tool
{
    public static (int Exit, string Out, string Err) Run(params string[] args) => RunWithInput(string.Empty, args);

    /// <summary>Runs with <paramref name="input"/> as standard input (what a <c>-</c> input path reads).</summary>
    public static (int Exit, string Out, string Err) RunWithInput(string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = DmIoSimCli.Run(args, new CliContext(output, error, interactive: false) { Input = new StringReader(input) });
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>True when <paramref name="stderr"/> is exactly one line.</summary>
    public static bool IsOneLine(string stderr) => stderr.Length > 0 && stderr.IndexOf('\n') == stderr.Length - 1;
}
