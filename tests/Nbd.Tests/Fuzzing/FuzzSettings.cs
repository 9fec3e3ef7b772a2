namespace DmIo.Nbd.Tests.Fuzzing;

/// <summary>
/// How long a fuzz run goes: small by default for CI; NBD_FUZZ_CONNECTIONS, NBD_FUZZ_SECONDS and NBD_FUZZ_SEED make
/// a longer or different run (for example NBD_FUZZ_CONNECTIONS=100000 NBD_FUZZ_SECONDS=3600).
/// </summary>
internal sealed record FuzzSettings(int Connections, TimeSpan Budget, int Seed)
{
    public static FuzzSettings FromEnvironment(int defaultSeed)
    {
        int connections = ReadInt("NBD_FUZZ_CONNECTIONS") ?? 300;
        int seconds = ReadInt("NBD_FUZZ_SECONDS") ?? 10;
        int seed = ReadInt("NBD_FUZZ_SEED") ?? defaultSeed;
        return new FuzzSettings(connections, TimeSpan.FromSeconds(seconds), seed);
    }

    private static int? ReadInt(string name)
        => int.TryParse(Environment.GetEnvironmentVariable(name), out int value) && value > 0 ? value : null;
}
