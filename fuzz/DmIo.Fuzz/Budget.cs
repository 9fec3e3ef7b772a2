namespace DmIo.Fuzz;

/// <summary>
/// Keeps the harness inside a small machine: an input that would make the product allocate or move more than these
/// limits is skipped (not run, not a crash), so afl-fuzz is never killed for memory. These are the harness's limits,
/// not the product's: the loader's own resource caps are a separate matter. An amount no byte array can hold (2 GiB
/// or more) is let through, because the product must refuse it before allocating anything: that costs nothing, and
/// a crash there is a finding.
/// </summary>
public static class Budget
{
    /// <summary>Input bytes past this are ignored (afl-fuzz works best with small inputs anyway).</summary>
    public const int MaxInputBytes = 64 * 1024;

    /// <summary>Dense memory backends plus every backend small enough to be hashed for a digest.</summary>
    public const long MaxDeviceBytes = 64L << 20;

    /// <summary>One request's buffer, or one check's read.</summary>
    public const long MaxBufferBytes = 64L << 20;

    /// <summary>Bytes all requests of one input may move.</summary>
    public const long MaxMovedBytes = 256L << 20;

    /// <summary>io objects in every pool of one input (the client's capacity plus legacy pool pages × 4).</summary>
    public const long MaxIos = 1 << 16;

    /// <summary>Backends up to this size are hashed whole for their digest (the runner's own threshold, 256 MiB).</summary>
    public const long DigestedSectors = 1L << 19;

    /// <summary>A buffer this large cannot be allocated at all (arrays hold fewer than 2^31 bytes).</summary>
    public const long Unallocatable = (long)int.MaxValue + 1;

    private const int SectorShift = 9;

    /// <summary>Counts one input's resource use; <see cref="Exceeded"/> says which limit it passed first.</summary>
    public sealed class Meter
    {
        private long _deviceBytes; // dense or digested backends so far
        private long _movedBytes;  // bytes moved by data requests so far
        private long _ios;         // io objects in pools so far

        /// <summary>The first limit passed, or null.</summary>
        public string? Exceeded { get; private set; }

        /// <summary>Counts a backend.</summary>
        /// <param name="dense">True for a memory backend (allocated whole when built).</param>
        /// <param name="sectors">Its size.</param>
        public void Device(bool dense, long sectors)
        {
            if (dense && sectors >= Unallocatable >> SectorShift)
            {
                return; // the product must refuse a memory backend of 2 GiB or more before allocating it
            }

            if (dense || sectors <= DigestedSectors)
            {
                _deviceBytes += Math.Min(sectors, DigestedSectors) << SectorShift;
                Check(_deviceBytes > MaxDeviceBytes, $"backends over {MaxDeviceBytes >> 20} MiB");
            }
        }

        /// <summary>Counts a data request (read or write) over regions of <paramref name="counts"/> sectors, each repeated.</summary>
        /// <param name="counts">Each region's sector count and repeat count.</param>
        public void DataRequest(IEnumerable<(long Count, long Repeat)> counts)
        {
            List<(long Count, long Repeat)> regions = [.. counts];
            long buffer = regions.Count == 0 ? 0 : regions.Max(r => Math.Max(0, r.Count)) << SectorShift;
            if (!Buffer(buffer))
            {
                return;
            }

            foreach ((long count, long repeat) in regions)
            {
                _movedBytes += (Math.Max(0, count) << SectorShift) * Math.Clamp(repeat, 1, 1 << 16);
                Check(_movedBytes > MaxMovedBytes, $"requests moving over {MaxMovedBytes >> 20} MiB");
            }
        }

        /// <summary>Counts a direct read of the media (a check step).</summary>
        /// <param name="count">Sectors read.</param>
        public void Read(long count)
        {
            if (Buffer(Math.Max(0, count) << SectorShift))
            {
                _movedBytes += count << SectorShift;
                Check(_movedBytes > MaxMovedBytes, $"requests moving over {MaxMovedBytes >> 20} MiB");
            }
        }

        /// <summary>Counts io objects added to a pool.</summary>
        /// <param name="ios">How many.</param>
        public void Ios(long ios)
        {
            _ios += Math.Max(0, ios);
            Check(_ios > MaxIos, $"pools over {MaxIos} io objects");
        }

        // True when the buffer will really be allocated (and so counts); false when it is too large to exist.
        private bool Buffer(long bytes)
        {
            if (bytes is < 0 or >= Unallocatable)
            {
                return false;
            }

            Check(bytes > MaxBufferBytes, $"a buffer over {MaxBufferBytes >> 20} MiB");
            return true;
        }

        private void Check(bool over, string what)
        {
            if (over)
            {
                Exceeded ??= what;
            }
        }
    }
}
