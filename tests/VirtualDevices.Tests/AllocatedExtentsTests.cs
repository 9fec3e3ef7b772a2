using DmIo.VirtualDevices.Tests.Harness;

namespace DmIo.VirtualDevices.Tests;

/// <summary>
/// <see cref="StorageDeviceBase.VisitAllocatedExtents"/> against a shadow copy: the extents, with zeros between them,
/// are exactly what was written, and they cover what was written rather than the capacity.
/// </summary>
public sealed class AllocatedExtentsTests
{
    private const int WindowBytes = 1 << 20;               // writes land in three windows of this size
    private const long MaxExtentBytes = 12L * WindowBytes;  // far below every capacity here: the extents skip the rest

    /// <summary>The stores, by name.</summary>
    public static TheoryData<string> Stores => ["memory", "sparse-4k", "sparse-64k", "file"];

    [Theory]
    [MemberData(nameof(Stores))]
    public void Extents_WithZerosBetween_AreExactlyWhatWasWritten_AndCoverOnlyThat(string store)
    {
        using var folder = new TempDirectory();
        StorageDeviceBase device = Create(store, folder.Path);
        try
        {
            long capacity = device.CapacityBytes;
            long[] windows = [0, ((capacity / 2) & ~4095L) + (3 * 512), capacity - WindowBytes]; // the middle one off any chunk boundary
            byte[][] shadow = [new byte[WindowBytes], new byte[WindowBytes], new byte[WindowBytes]];
            var random = new Random(store.Length * 31);
            device.WriteDirect((capacity >> DmIoConstants.SectorShift) - 1, Enumerable.Repeat((byte)0xEE, 512).ToArray()); // the last sector, in a page cut short
            shadow[2].AsSpan(WindowBytes - 512).Fill(0xEE);
            for (int op = 0; op < 120; op++)
            {
                int w = random.Next(windows.Length);
                int sectors = random.Next(1, 300);
                int at = random.Next(0, (WindowBytes >> DmIoConstants.SectorShift) - sectors + 1) << DmIoConstants.SectorShift;
                long sector = (windows[w] + at) >> DmIoConstants.SectorShift;
                Span<byte> target = shadow[w].AsSpan(at, sectors << DmIoConstants.SectorShift);
                switch (random.Next(4))
                {
                    case 0:
                        Assert.Equal(BlkStatus.Ok, Discard(device, sector, sectors));
                        target.Clear();
                        break;
                    case 1:
                        byte[] zeros = new byte[target.Length];
                        device.WriteDirect(sector, zeros);
                        target.Clear();
                        break;
                    default:
                        byte[] data = new byte[target.Length];
                        random.NextBytes(data);
                        device.WriteDirect(sector, data);
                        data.CopyTo(target);
                        break;
                }
            }

            byte[][] rebuilt = [new byte[WindowBytes], new byte[WindowBytes], new byte[WindowBytes]];
            long next = 0;
            long total = 0;
            device.VisitAllocatedExtents((offset, bytes) =>
            {
                Assert.True(offset >= next && offset + bytes.Length <= capacity, $"{store}: extent at {offset}+{bytes.Length} overlaps the one before (ending at {next}) or passes the end ({capacity})");
                for (int i = 0; i < bytes.Length;)
                {
                    long at = offset + i;
                    int w = Array.FindIndex(windows, start => at >= start && at < start + WindowBytes);
                    int inWindow = w < 0 ? 0 : (int)Math.Min(bytes.Length - i, windows[w] + WindowBytes - at);
                    if (w >= 0)
                    {
                        bytes.Slice(i, inWindow).CopyTo(rebuilt[w].AsSpan((int)(at - windows[w])));
                        i += inWindow;
                        continue;
                    }

                    long nextWindow = windows.Where(start => start > at).DefaultIfEmpty(long.MaxValue).Min();
                    ReadOnlySpan<byte> outside = bytes.Slice(i, (int)Math.Min(bytes.Length - i, nextWindow - at));
                    int stray = outside.IndexOfAnyExcept((byte)0);
                    Assert.True(stray < 0, $"{store}: byte {at + stray}, never written, reads 0x{(stray < 0 ? 0 : outside[stray]):x2} in an extent");
                    i += outside.Length;
                }

                next = offset + bytes.Length;
                total += bytes.Length;
            });

            for (int w = 0; w < windows.Length; w++)
            {
                int at = shadow[w].AsSpan().CommonPrefixLength(rebuilt[w]);
                Assert.True(at == WindowBytes, $"{store}: byte {windows[w] + at}: written 0x{shadow[w][Math.Min(at, WindowBytes - 1)]:x2}, extents say 0x{rebuilt[w][Math.Min(at, WindowBytes - 1)]:x2}");
            }

            if (store != "file" || ((SparseFileDevice)device).GetAllocatedBytes() < capacity)
            {
                // A file system that keeps no holes reports the whole image as data; that is still correct, just not cheap.
                Assert.True(total <= MaxExtentBytes, $"{store}: extents cover {total} bytes of a {capacity}-byte device after writing {3 * WindowBytes} bytes at most");
            }
        }
        finally
        {
            (device as IDisposable)?.Dispose();
        }
    }

    private static StorageDeviceBase Create(string store, string folder) => store switch
    {
        "memory" => new MemoryDevice("mem", 64L << 11),                                           // 64 MiB
        "sparse-4k" => new SparseMemoryDevice("sp", 1L << 31),                                    // 1 TiB
        "sparse-64k" => new SparseMemoryDevice("sp64", (1L << 21) + 8, pageSize: 1 << 16),         // 1 GiB + 4 KiB: a last page cut short
        "file" => SparseFileDevice.Create("file", Path.Combine(folder, "file.img"), 1L << 21),    // 1 GiB
        _ => throw new ArgumentOutOfRangeException(nameof(store), store, null),
    };

    private static BlkStatus? Discard(IBlockDevice device, long sector, int sectors)
    {
        BlkStatus? status = null; // inline completion sets it before Submit returns
        var bio = new Bio();
        bio.Init(BioOperation.Discard, BioFlags.None, sector, new BioEndIoAction(b => status = b.Status));
        bio.SetDatalessSize((long)sectors << DmIoConstants.SectorShift);
        BlockLayer.Submit(device, bio);
        return status;
    }
}
