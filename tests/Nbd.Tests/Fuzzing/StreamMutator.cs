namespace DmIo.Nbd.Tests.Fuzzing;

/// <summary>
/// Breaks a client stream the way a buggy or hostile client would: truncations, flipped bytes, lengths and offsets
/// replaced by boundary values, inserted or deleted bytes, duplicated slices. Deterministic for a given random.
/// </summary>
internal sealed class StreamMutator(Random random)
{
    private static readonly uint[] InterestingU32 = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 65536, 65537, 1 << 20, (64 << 20) + 1, 0x25609513, 28, 7];
    private static readonly ulong[] InterestingU64 = [0, ulong.MaxValue, long.MaxValue, 1 << 20, (1 << 20) - 1, 0x49484156454F5054, ulong.MaxValue - 511];

    public (byte[] Stream, string Description) Mutate(byte[] stream)
    {
        var bytes = new List<byte>(stream);
        var description = new List<string>();
        int mutations = random.Next(4);
        for (int i = 0; i < mutations && bytes.Count > 0; i++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    description.Add($"truncate@{at}");
                    break;
                case 1:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    description.Add($"flip@{at}");
                    break;
                case 2:
                    Overwrite(bytes, at, BitConverter.GetBytes(InterestingU32[random.Next(InterestingU32.Length)]).Reverse().ToArray());
                    description.Add($"u32@{at}");
                    break;
                case 3:
                    Overwrite(bytes, at, BitConverter.GetBytes(InterestingU64[random.Next(InterestingU64.Length)]).Reverse().ToArray());
                    description.Add($"u64@{at}");
                    break;
                case 4:
                    var inserted = new byte[random.Next(1, 40)];
                    random.NextBytes(inserted);
                    bytes.InsertRange(at, inserted);
                    description.Add($"insert{inserted.Length}@{at}");
                    break;
                case 5:
                    int removed = Math.Min(random.Next(1, 40), bytes.Count - at);
                    bytes.RemoveRange(at, removed);
                    description.Add($"delete{removed}@{at}");
                    break;
                default:
                    int length = Math.Min(random.Next(1, 64), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    description.Add($"duplicate{length}@{at}");
                    break;
            }
        }

        return ([.. bytes], description.Count == 0 ? "unmutated" : string.Join(',', description));
    }

    private static void Overwrite(List<byte> bytes, int at, byte[] value)
    {
        for (int i = 0; i < value.Length && at + i < bytes.Count; i++)
        {
            bytes[at + i] = value[i];
        }
    }
}
