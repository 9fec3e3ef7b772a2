using System.Text;

namespace DmIo.Nbd.Tests.Support;

/// <summary>A log writer the server may write from any thread while the test reads it.</summary>
internal sealed class LogCapture : TextWriter
{
    private readonly Lock gate = new();
    private readonly StringBuilder text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (gate)
            {
                return text.ToString();
            }
        }
    }

    public override void Write(char value)
    {
        lock (gate)
        {
            text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (gate)
        {
            text.Append(value);
        }
    }

    public override void WriteLine(string? value)
    {
        lock (gate)
        {
            text.Append(value).Append('\n');
        }
    }
}
