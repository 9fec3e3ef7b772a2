using System.Diagnostics;
using System.Text;

namespace DmIo.Benchmarks.Nbd;

/// <summary>Runs a client program (nbdcopy, fio) to completion; a nonzero exit throws with what it wrote to stderr.</summary>
public static class ClientProcess
{
    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/> and waits for it.</summary>
    /// <param name="program">The program, found on PATH.</param>
    /// <param name="arguments">Its arguments, passed as they are (no shell).</param>
    /// <exception cref="InvalidOperationException">The program exited with a nonzero status.</exception>
    public static void Run(string program, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            lock (stderr)
            {
                throw new InvalidOperationException(
                    $"{program} {string.Join(' ', arguments)} exited with status {process.ExitCode}:\n{stderr}");
            }
        }
    }
}
