using DmIo.Nbd.Tests.RealClients;

namespace DmIo.Cli.Tests.Nbd.Support;

/// <summary>The real NBD clients the tests drive (Debian's qemu-utils, libnbd-bin); a missing one fails naming its package.</summary>
internal static class NbdClients
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Runs <c>qemu-io -f raw -c COMMAND... URI</c>.</summary>
    public static Task<(int ExitCode, string Output, string Errors)> QemuIo(string uri, params string[] commands)
        => ExternalProgram.RunAsync("qemu-io", "qemu-utils", ["-f", "raw", .. commands.SelectMany(c => new[] { "-c", c }), uri], Patience);

    /// <summary>Runs qemu-io and fails the test unless it exits 0 without reporting a failure.</summary>
    public static async Task<string> QemuIoOk(string uri, params string[] commands)
    {
        var (exit, output, errors) = await QemuIo(uri, commands);
        Assert.True(exit == 0 && !output.Contains("failed", StringComparison.Ordinal), $"qemu-io {string.Join(" ; ", commands)} failed ({exit}): {output} {errors}");
        return output;
    }

    /// <summary>Runs qemu-io and fails the test unless it fails with <paramref name="error"/> (the strerror text).</summary>
    public static async Task QemuIoFails(string uri, string command, string error)
    {
        var (exit, output, errors) = await QemuIo(uri, command);
        Assert.True(exit != 0, $"qemu-io {command} succeeded but should have failed with '{error}': {output} {errors}");
        Assert.True((output + errors).Contains(error, StringComparison.Ordinal), $"qemu-io {command} did not report '{error}': {output} {errors}");
    }

    /// <summary>Runs <c>qemu-img ARGUMENTS</c>.</summary>
    public static Task<(int ExitCode, string Output, string Errors)> QemuImg(params string[] arguments)
        => ExternalProgram.RunAsync("qemu-img", "qemu-utils", arguments, Patience);

    public static Task<(int ExitCode, string Output, string Errors)> Nbdinfo(params string[] arguments)
        => ExternalProgram.RunAsync("nbdinfo", "libnbd-bin", arguments, Patience);

    public static Task<(int ExitCode, string Output, string Errors)> Nbdcopy(params string[] arguments)
        => ExternalProgram.RunAsync("nbdcopy", "libnbd-bin", arguments, Patience);
}
