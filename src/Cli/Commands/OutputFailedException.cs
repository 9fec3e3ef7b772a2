namespace DmIo.Cli.Commands;

/// <summary>
/// Writing an output file failed (a full disk, a vanished directory, no permission). <see cref="DmIoSimCli.Run"/>
/// reports the message on one stderr line with exit 2, like bad input: the command's output path cannot be used.
/// </summary>
/// <param name="message">The path and what went wrong, one line.</param>
/// <param name="inner">The I/O exception.</param>
internal sealed class OutputFailedException(string message, Exception inner) : IOException(message, inner);
