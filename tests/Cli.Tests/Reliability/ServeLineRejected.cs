namespace DmIo.Cli.Tests.Reliability;

/// <summary>Signals to the mutation fuzzer that the session answered a line with an error response and nothing changed.</summary>
internal sealed class ServeLineRejected(string response) : Exception(response);
