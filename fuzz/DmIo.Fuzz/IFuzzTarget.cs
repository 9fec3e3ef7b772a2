namespace DmIo.Fuzz;

/// <summary>
/// One fuzz target: turns arbitrary bytes into calls on the product and checks its invariants. The same code runs
/// instrumented under afl-fuzz (fuzz/DmIo.Fuzz.Runner) and plain in the regression replay (tests/Fuzzing.Tests).
/// </summary>
public interface IFuzzTarget
{
    /// <summary>The name used on the command line and as the corpus and regression folder name.</summary>
    string Name { get; }

    /// <summary>Runs one input. Every run starts from fresh state: nothing carries over to the next input.</summary>
    /// <param name="input">The bytes; at most <see cref="Budget.MaxInputBytes"/> are used.</param>
    /// <returns>What the input did.</returns>
    /// <exception cref="InvariantViolation">The product broke an invariant on this input.</exception>
    FuzzOutcome Run(byte[] input);
}
