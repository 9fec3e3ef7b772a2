using System.Text;

namespace DmIo.Cli.Commands;

/// <summary>
/// Standard output for the tool: a writer (and a byte stream) that turns a failed write — a full disk behind a
/// redirection, a closed descriptor — into an <see cref="OutputFailedException"/> naming standard output, so it is
/// reported on one line with exit 2 like any other output that cannot be written, not as an internal error.
/// </summary>
internal static class GuardedOutput
{
    /// <summary>The name failures give the stream.</summary>
    public const string StandardOutputName = "standard output";

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The writer to guard (the console's standard output).</param>
    /// <returns>A writer that reports write failures as <see cref="OutputFailedException"/>.</returns>
    public static TextWriter Writer(TextWriter inner) => new GuardedWriter(inner);

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The stream to guard (standard output opened as bytes).</param>
    /// <returns>A stream that reports write failures as <see cref="OutputFailedException"/>.</returns>
    public static Stream Stream(Stream inner) => new GuardedStream(inner);

    private static OutputFailedException Failed(IOException e) => new($"{StandardOutputName}: {e.Message}", e);

    private sealed class GuardedWriter(TextWriter inner) : TextWriter
    {
        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value) => Guard(() => inner.Write(value));

        public override void Write(string? value) => Guard(() => inner.Write(value));

        public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));

        public override void WriteLine(string? value) => Guard(() => inner.WriteLine(value));

        public override void Flush() => Guard(inner.Flush);

        private static void Guard(Action write)
        {
            try
            {
                write();
            }
            catch (IOException e) when (e is not OutputFailedException)
            {
                throw Failed(e);
            }
        }
    }

    private sealed class GuardedStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Guard(() => inner.Write(buffer, offset, count));

        public override void Flush() => Guard(inner.Flush);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Guard(inner.Dispose);
            }

            base.Dispose(disposing);
        }

        private static void Guard(Action write)
        {
            try
            {
                write();
            }
            catch (IOException e) when (e is not OutputFailedException)
            {
                throw Failed(e);
            }
        }
    }
}
