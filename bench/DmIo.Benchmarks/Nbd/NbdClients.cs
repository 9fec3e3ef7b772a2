namespace DmIo.Benchmarks.Nbd;

/// <summary>
/// The client workloads, as argument lists. Each is the same work on every invocation: nbdcopy moves the whole
/// 256 MiB, fio does a fixed 64 MiB (<c>--io_size</c>) of 4 KiB requests at queue depth 32 at offsets from its
/// default fixed random seed, so the benchmark's time is the metric.
/// </summary>
public static class NbdClients
{
    /// <summary>Bytes fio moves per invocation.</summary>
    public const string FioIoSize = "64M";

    /// <summary>nbdcopy of a local file into the export (<c>nbdcopy FILE URI</c>).</summary>
    /// <param name="image">The source file.</param>
    /// <param name="uri">The export's NBD URI.</param>
    /// <returns>The arguments.</returns>
    public static string[] CopyIn(string image, string uri) => [image, uri];

    /// <summary>nbdcopy of the export to nowhere (<c>nbdcopy URI null:</c>): the server's read path only.</summary>
    /// <param name="uri">The export's NBD URI.</param>
    /// <returns>The arguments.</returns>
    public static string[] CopyOut(string uri) => [uri, "null:"];

    /// <summary>fio with its nbd engine: 64 MiB of random 4 KiB reads or writes at queue depth 32.</summary>
    /// <param name="uri">The export's NBD URI.</param>
    /// <param name="readWrite">fio's <c>--rw</c>: <c>randread</c> or <c>randwrite</c>.</param>
    /// <param name="continueOnReadError">Adds <c>--continue_on_error=read</c>, so failed reads are counted, not fatal.</param>
    /// <returns>The arguments.</returns>
    public static string[] Fio(string uri, string readWrite, bool continueOnReadError = false)
    {
        var arguments = new List<string>
        {
            "--name=nbd", "--ioengine=nbd", "--uri=" + uri, "--rw=" + readWrite, "--bs=4k", "--iodepth=32",
            "--size=256M", "--io_size=" + FioIoSize, "--output-format=terse",
        };
        if (continueOnReadError)
        {
            arguments.Add("--continue_on_error=read");
        }

        return [.. arguments];
    }
}
