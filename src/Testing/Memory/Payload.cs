namespace DmIo.Testing;

/// <summary>Deterministic payload bytes: the same seed always gives the same bytes, and no sector is all zeros.</summary>
public static class Payload
{
    /// <summary>Returns <paramref name="sectors"/> sectors of seeded bytes.</summary>
    /// <param name="sectors">How many sectors.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Sectors(long sectors, ulong seed)
    {
        byte[] bytes = new byte[sectors * DmIoConstants.SectorSize];
        new DeterministicRandom(seed).NextBytes(bytes);
        for (int i = 0; i < bytes.Length; i += DmIoConstants.SectorSize)
        {
            bytes[i] = (byte)(0x80 | (i / DmIoConstants.SectorSize)); // never zero, so a zero-filled sector is visible
        }

        return bytes;
    }
}
