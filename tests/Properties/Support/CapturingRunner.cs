using FsCheck;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace DmIo.Properties;

/// <summary>
/// An FsCheck runner that keeps the final result instead of printing it, so a test can hand the classification
/// table to xunit's output and turn a failure into an exception that carries the replay line.
/// </summary>
internal sealed class CapturingRunner : IRunner
{
    private static readonly FSharpFunc<object, string> Formatter =
        FuncConvert.FromFunc<object, string>(value => value?.ToString() ?? "null");

    /// <summary>The result of the last run, once it has finished.</summary>
    public TestResult? Result { get; private set; }

    /// <summary>FsCheck's own text for the last result (pass count and classification, or the counterexample).</summary>
    public string Text { get; private set; } = string.Empty;

    /// <inheritdoc />
    public void OnStartFixture(Type t)
    {
    }

    /// <inheritdoc />
    public void OnArguments(int ntest, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every)
    {
    }

    /// <inheritdoc />
    public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink)
    {
    }

    /// <inheritdoc />
    public void OnFinished(string name, TestResult testResult)
    {
        Result = testResult;
        Text = Runner.onFinishedToStringWithFormatter(Formatter, name, testResult);
    }
}
