namespace DmIo.FaultInjection.Tests.Reliability;

/// <summary>
/// Explains every byte of a device after a crash from the model: each sector may hold its durable data (the last
/// flushed or FUA write), or the data of a write that was volatile or unacknowledged at the crash and that the crash
/// report does not declare lost for that sector (kept, or the kept part of a tear). Reports the first byte none of
/// them explains.
/// </summary>
internal static class CrashChecker
{
    /// <summary>One way a sector may legitimately read after the crash.</summary>
    /// <param name="Source">Where the bytes come from ("durable", "bio 12 (volatile)", ...).</param>
    /// <param name="Data">The sector's 512 bytes.</param>
    public readonly record struct Candidate(string Source, byte[] Data);

    /// <summary>The first unexplained byte as "device, sector, byte, expected candidates, actual", or null.</summary>
    public static string? FirstUnexplainedByte(string device, ReadOnlySpan<byte> actual, Func<long, IReadOnlyList<Candidate>> candidatesOf)
    {
        const int sectorSize = DmIoConstants.SectorSize;
        for (long sector = 0; sector < actual.Length / sectorSize; sector++)
        {
            byte[] got = actual.Slice((int)(sector * sectorSize), sectorSize).ToArray();
            IReadOnlyList<Candidate> candidates = candidatesOf(sector);
            if (candidates.Any(c => got.AsSpan().SequenceEqual(c.Data)))
            {
                continue;
            }

            // No candidate explains the whole sector: name the first byte that none of them explains.
            int at = Enumerable.Range(0, sectorSize).First(i => candidates.All(c => c.Data[i] != got[i]) || i == sectorSize - 1);
            return $"{device}: sector {sector}, byte {at} (device offset {sector * sectorSize + at}): expected one of " +
                   $"[{string.Join(", ", candidates.Select(c => $"0x{c.Data[at]:X2} from {c.Source}"))}], actual 0x{got[at]:X2}";
        }

        return null;
    }
}
