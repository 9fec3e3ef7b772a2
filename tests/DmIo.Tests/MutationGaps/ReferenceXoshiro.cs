namespace DmIo.Tests.MutationGaps;

/// <summary>
/// An independent transcription of Vigna's reference C code (splitmix64.c seeding xoshiro256starstar.c), used as the
/// oracle for <see cref="DeterministicRandom"/>; written separately so a mistake in the engine's copy shows.
/// </summary>
internal sealed class ReferenceXoshiro
{
    private readonly ulong[] _s = new ulong[4];

    public ReferenceXoshiro(ulong seed)
    {
        ulong x = seed;
        for (int i = 0; i < 4; i++)
        {
            ulong z = x += 0x9e3779b97f4a7c15UL;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
            _s[i] = z ^ (z >> 31);
        }
    }

    public ulong Next()
    {
        ulong result = Rotl(_s[1] * 5, 7) * 9;
        ulong t = _s[1] << 17;
        _s[2] ^= _s[0];
        _s[3] ^= _s[1];
        _s[1] ^= _s[2];
        _s[0] ^= _s[3];
        _s[2] ^= t;
        _s[3] = Rotl(_s[3], 45);
        return result;
    }

    private static ulong Rotl(ulong x, int k) => (x << k) | (x >> (64 - k));
}
