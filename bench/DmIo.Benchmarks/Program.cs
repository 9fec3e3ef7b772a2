using System.Globalization;
using BenchmarkDotNet.Running;
using DmIo.Benchmarks.Support;

// `--profile Class.Method [seconds] [Name=value...]` loops one benchmark outside BenchmarkDotNet for perf.
if (args.Length >= 2 && args[0] == "--profile")
{
    double seconds = args.Length >= 3 && double.TryParse(args[2], CultureInfo.InvariantCulture, out double s) ? s : 5;
    return ProfileLoop.Run(args[1], seconds, args.Skip(3));
}

// `--nbd-raw SOCKET` serves a plain byte-array export through the NBD server alone (an experiment, see Nbd/).
if (args.Length == 2 && args[0] == "--nbd-raw")
{
    return DmIo.Benchmarks.Nbd.RawExportServer.Run(args[1]);
}

// `--quick` selects the short in-process job (see BenchConfig); every other argument goes to BenchmarkDotNet
// unchanged, so `--filter '*Scaling*'`, `--list flat` and friends work as usual.
// Without arguments every benchmark runs except the NBD ones, which need nbdkit, nbdcopy and fio and run a server
// pair for minutes: they run when a filter names them (`--filter '*Nbd*'`).
bool quick = args.Contains("--quick");
string[] rest = args.Where(a => a != "--quick").ToArray();
BenchmarkSwitcher switcher = BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly);
if (rest.Length == 0)
{
    rest = ["--filter", "*"];
    switcher = BenchmarkSwitcher.FromTypes([.. typeof(BenchConfig).Assembly.GetTypes()
        .Where(t => t.Namespace != typeof(DmIo.Benchmarks.Nbd.NbdServerBenchmarks).Namespace && t.IsPublic && !t.IsAbstract && !t.IsSealed
            && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), inherit: false)))]);
}

switcher.Run(rest, BenchConfig.Create(quick));
return 0;
