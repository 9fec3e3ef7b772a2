namespace DmIo.Nbd.Tests.Support;

/// <summary>One option reply as read off the wire.</summary>
internal sealed record OptionReply(ulong Magic, uint Option, uint Type, byte[] Data)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Data);
}
