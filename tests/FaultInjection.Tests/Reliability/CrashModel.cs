namespace DmIo.FaultInjection.Tests.Reliability;

/// <summary>
/// What one write-cached device must hold, sector by sector: the durable bytes (made durable by an acknowledged
/// FUA write or by a flush acknowledged after the write), the acknowledged writes still volatile, and writes not yet
/// acknowledged. Requests never overlap a write still in flight, so per-sector order is the order of acknowledgement.
/// </summary>
internal sealed class CrashModel
{
    private readonly byte[][] _durable;                                    // sector -> bytes that survive any crash
    private readonly List<(long BioId, long AckSeq, byte[] Data)>[] _volatile; // sector -> acknowledged, not yet durable
    private readonly Dictionary<long, byte[]>[] _unacked;                  // sector -> request id -> bytes in flight

    public CrashModel(long sectors)
    {
        _durable = [.. Enumerable.Range(0, (int)sectors).Select(_ => new byte[DmIoConstants.SectorSize])];
        _volatile = [.. Enumerable.Range(0, (int)sectors).Select(_ => new List<(long, long, byte[])>())];
        _unacked = [.. Enumerable.Range(0, (int)sectors).Select(_ => new Dictionary<long, byte[]>())];
    }

    public bool InFlight(long sector, long count)
    {
        for (long s = sector; s < sector + count; s++)
        {
            if (_unacked[s].Count != 0)
            {
                return true;
            }
        }

        return false;
    }

    public void Submitted(long request, long sector, byte[] data)
    {
        for (int i = 0; i < data.Length / DmIoConstants.SectorSize; i++)
        {
            _unacked[sector + i][request] = Sector(data, i);
        }
    }

    /// <summary>A write acknowledged OK: FUA makes it durable (older volatile data for its sectors is gone); otherwise it is volatile.</summary>
    public void Acknowledged(long request, long sector, byte[] data, bool fua, long ackSeq, Func<long, long> bioAt)
    {
        for (int i = 0; i < data.Length / DmIoConstants.SectorSize; i++)
        {
            long s = sector + i;
            _unacked[s].Remove(request);
            if (fua)
            {
                _durable[s] = Sector(data, i);
                _volatile[s].Clear();
            }
            else
            {
                _volatile[s].Add((bioAt(s), ackSeq, Sector(data, i)));
            }
        }
    }

    /// <summary>A write that failed: it may or may not have reached the media, so it stays a candidate until the next reset.</summary>
    public void Failed(long request, long sector, byte[] data, long ackSeq)
    {
        for (int i = 0; i < data.Length / DmIoConstants.SectorSize; i++)
        {
            _unacked[sector + i].Remove(request);
            _volatile[sector + i].Add((-request, ackSeq, Sector(data, i)));
        }
    }

    /// <summary>A flush submitted at <paramref name="submitSeq"/> was acknowledged: every write acknowledged before it is durable.</summary>
    public void Flushed(long submitSeq)
    {
        for (int s = 0; s < _volatile.Length; s++)
        {
            List<(long BioId, long AckSeq, byte[] Data)> list = _volatile[s];
            int covered = list.FindLastIndex(w => w.AckSeq < submitSeq && w.BioId > 0);
            if (covered >= 0)
            {
                _durable[s] = list[covered].Data;
                list.RemoveRange(0, covered + 1);
            }
        }
    }

    /// <summary>What sector <paramref name="sector"/> may hold after a crash described by <paramref name="report"/>.</summary>
    public IReadOnlyList<CrashChecker.Candidate> Candidates(long sector, CrashReport report)
    {
        var candidates = new List<CrashChecker.Candidate> { new("durable data", _durable[sector]) };
        foreach ((long bioId, _, byte[] data) in _volatile[sector])
        {
            bool lost = report.Writes.Any(w => w.BioId == bioId && sector >= w.FirstLostSector && sector < w.Sector + w.SectorCount);
            if (!lost)
            {
                candidates.Add(new(bioId > 0 ? $"bio {bioId} (volatile, not declared lost)" : $"request {-bioId} (failed)", data));
            }
        }

        candidates.AddRange(_unacked[sector].Select(u => new CrashChecker.Candidate($"request {u.Key} (in flight)", u.Value)));
        return candidates;
    }

    /// <summary>After a checked crash, the device's contents are the new durable state.</summary>
    public void Reset(ReadOnlySpan<byte> contents)
    {
        for (int s = 0; s < _durable.Length; s++)
        {
            _durable[s] = contents.Slice(s * DmIoConstants.SectorSize, DmIoConstants.SectorSize).ToArray();
            _volatile[s].Clear();
            _unacked[s].Clear();
        }
    }

    private static byte[] Sector(byte[] data, int index) => data.AsSpan(index * DmIoConstants.SectorSize, DmIoConstants.SectorSize).ToArray();
}
