using DmIo.Nbd.Tests.Support;

namespace DmIo.Nbd.Tests.Fuzzing;

/// <summary>
/// Builds the bytes a well-formed client would send, chosen by a seeded random: client flags, a few options, a GO or
/// EXPORT_NAME for the export, then a mix of requests (some of them refused by the server, as real clients' can be).
/// The stream is sent blindly, without reading replies, so the mutator can then break it anywhere.
/// </summary>
internal sealed class ClientStreamGenerator(Random random, string exportName, int exportSize)
{
    private static readonly uint[] OptionChoices = [3, 8, 6, 9, 10, 11, 5, 99];

    public byte[] Generate()
    {
        var parts = new List<byte[]> { Wire.U32(random.Next(2) == 0 ? 1u : 3u) };
        int options = random.Next(4);
        for (int i = 0; i < options; i++)
        {
            parts.Add(RandomOption());
        }

        parts.Add(random.Next(5) == 0
            ? Option(1, Wire.Text(exportName))
            : Option(7, Wire.InfoRequest(random.Next(4) == 0 ? string.Empty : exportName, RandomInfos())));
        int requests = random.Next(1, 12);
        for (int i = 0; i < requests; i++)
        {
            parts.Add(RandomRequest((ulong)i));
        }

        if (random.Next(2) == 0)
        {
            parts.Add(Wire.Request(2, 999, 0, 0));
        }

        return Wire.Concat([.. parts]);
    }

    private static byte[] Option(uint option, byte[] data)
        => Wire.Concat(Wire.U64(0x49484156454F5054), Wire.U32(option), Wire.U32((uint)data.Length), data);

    private byte[] RandomOption()
    {
        uint option = OptionChoices[random.Next(OptionChoices.Length)];
        byte[] data = option switch
        {
            6 => Wire.InfoRequest(exportName, RandomInfos()),
            3 or 8 => [],
            _ => RandomBytes(random.Next(16)),
        };
        return Option(option, data);
    }

    private ushort[] RandomInfos() => Enumerable.Range(0, random.Next(4)).Select(_ => (ushort)random.Next(5)).ToArray();

    private byte[] RandomRequest(ulong cookie)
    {
        ushort type = (ushort)(random.Next(10) switch
        {
            < 3 => 0,
            < 6 => 1,
            6 => 3,
            7 => 4,
            8 => 6,
            _ => random.Next(8),
        });
        uint length = (uint)(random.Next(1, 129) * 512);
        ulong offset = (ulong)(random.Next(exportSize / 512) * 512L);
        if (type == 3)
        {
            (offset, length) = (0, 0);
        }

        ushort flags = (ushort)(random.Next(4) == 0 ? random.Next(8) : 0);
        byte[]? payload = type == 1 ? RandomBytes((int)length) : null;
        return Wire.Request(type, cookie, offset, length, flags, payload);
    }

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
