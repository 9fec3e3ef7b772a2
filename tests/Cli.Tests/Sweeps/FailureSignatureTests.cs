using DmIo.Simulation.Sweeps;

namespace DmIo.Cli.Tests.Sweeps;

public sealed class FailureSignatureTests
{
    [Theory]
    // A value check keeps its values: they are the outcome (which error, which legs).
    [InlineData("step 1 (io w): rc: expected 0, got -5", "step 1 (io w): rc: expected 0, got -5")]
    [InlineData("step 3 (io mirror): error_bits: expected 0x0, got 0x2", "step 3 (io mirror): error_bits: expected 0x0, got 0x2")]
    // Positions, lengths, bytes and digests vary with the seed; names with digits (leg1, d0) do not.
    [InlineData(
        "step 4 (check): data (pattern 7): differs at byte 4097 of 8192: expected 0x5a, got 0x00 (digest expected 1f2e3d4c5b6a7988, got cbf29ce484222325)",
        "step 4 (check): data (pattern #): differs at byte # of #: expected 0x#, got 0x# (digest expected #, got #)")]
    [InlineData("step 2 (io r): sectors 96+8 run past the end of 'leg1' (64 sectors)", "step 2 (io r): sectors #+# run past the end of 'leg1' (# sectors)")]
    [InlineData("stopped: the virtual clock reached 86400000000123 ns, past the limit of 86400000000000 ns (--max-virtual-time)", "stopped: the virtual clock reached # ns, past the limit of # ns (--max-virtual-time)")]
    [InlineData("step 0 (message): reply: expected \"3\", got \"-12\"", "step 0 (message): reply: expected \"3\", got \"-12\"")]
    [InlineData("step 0 (message): reply: expected \"dust: 3 bad blocks\", got \"dust: 12 bad blocks\"", "step 0 (message): reply: expected \"dust: # bad blocks\", got \"dust: # bad blocks\"")]
    public void Normalise_ReplacesOnlySeedDependentNumbers(string failure, string signature)
    {
        Assert.Equal(signature, FailureSignature.Normalise(failure));
    }

    [Fact]
    public void Of_UsesTheFirstFailureOnly()
    {
        Assert.Equal(
            "step 1 (io w): data: differs at byte #",
            FailureSignature.Of(["step 1 (io w): data: differs at byte 12", "step 2 (io w2): rc: expected 0, got -5"]));
    }

    [Fact]
    public void TwoSeedsFailingAtDifferentBytes_ShareASignature()
    {
        Assert.Equal(
            FailureSignature.Normalise("step 5 (check): data: differs at byte 17 of 512: expected 0x01, got 0xff"),
            FailureSignature.Normalise("step 5 (check): data: differs at byte 300 of 512: expected 0x9c, got 0x00"));
    }
}
