using Microsoft.Win32.SafeHandles;

namespace DmIo.VirtualDevices;

/// <summary>
/// A device backed by a real file sized to the device's capacity and left sparse: only written ranges take
/// disk space, holes read as zeros, and the image survives the process (<see cref="Open"/> it again later).
/// DISCARD and WRITE_ZEROES punch holes with <c>fallocate(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE)</c> on Linux;
/// elsewhere, or once the file system answers EOPNOTSUPP, they write zeros instead (correct contents, no space
/// returned). PREFLUSH and FUA call <see cref="RandomAccess.FlushToDisk"/> (fsync). Its kernel counterpart is a
/// loop device over the file: request-based (blk-mq), with <see cref="QueueLimits.Loop"/> when built without
/// limits, whose volatile write cache makes flushes reach the file. Dispose the device to close the file; bios
/// submitted after that fail with an I/O error, as a removed disk's would.
/// </summary>
/// <remarks>O_DIRECT is not offered: .NET has no portable way to open with it, and it would require every bio
/// segment to be aligned native memory, which dm-io's page and vm buffers are not.</remarks>
public sealed class SparseFileDevice : StorageDeviceBase, IDisposable
{
    private const int ZeroChunk = 1 << 20; // bytes written per call by the zero-writing fallback

    private static readonly byte[] Zeros = new byte[ZeroChunk]; // the fallback's source of zeros

    private readonly SafeFileHandle _handle; // the open image; positional I/O only
    private bool _punchHoles;                // false once the platform or file system cannot punch holes

    private SparseFileDevice(string name, string path, SafeFileHandle handle, long capacitySectors, QueueLimits? limits,
        DeviceCompletionMode completion, IIoScheduler? scheduler, bool punchHoles)
        : base(name, capacitySectors, limits ?? DefaultLimits, completion, scheduler, BlockQueueKind.RequestBased)
    {
        Path = path;
        _handle = handle;
        _punchHoles = punchHoles && OperatingSystem.IsLinux();
    }

    /// <summary>The limits used when none are given: a loop device's (<see cref="QueueLimits.Loop"/>).</summary>
    public static QueueLimits DefaultLimits => QueueLimits.Loop;

    /// <summary>The image file's path.</summary>
    public string Path { get; }

    /// <summary>True while DISCARD and WRITE_ZEROES punch holes; false once they fall back to writing zeros.</summary>
    public bool PunchesHoles => Volatile.Read(ref _punchHoles);

    /// <summary>True once disposed.</summary>
    public bool IsDisposed => _handle.IsClosed;

    /// <summary>Creates a new all-zero image of <paramref name="capacitySectors"/> sectors (a file that is one big hole).</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="path">Where the image goes; the file must not exist.</param>
    /// <param name="capacitySectors">The size in sectors; a positive whole number of logical blocks.</param>
    /// <param name="limits">The queue limits; <see cref="DefaultLimits"/> when null.</param>
    /// <param name="completion">When bios complete.</param>
    /// <param name="scheduler">Where <see cref="DeviceCompletionMode.Scheduled"/> completions run; unused by other modes.</param>
    /// <param name="punchHoles">False to zero by writing zeros even where holes could be punched (the image stays fully allocated where written).</param>
    /// <returns>The device.</returns>
    public static SparseFileDevice Create(string name, string path, long capacitySectors, QueueLimits? limits = null,
        DeviceCompletionMode completion = DeviceCompletionMode.Inline, IIoScheduler? scheduler = null, bool punchHoles = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacitySectors, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacitySectors, long.MaxValue >> DmIoConstants.SectorShift);
        (limits ?? DefaultLimits).Validate(nameof(limits));
        SectorMath.ThrowIfNotWholeBlocks(capacitySectors, (limits ?? DefaultLimits).LogicalBlockSize, nameof(capacitySectors));

        SafeFileHandle handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        try
        {
            RandomAccess.SetLength(handle, capacitySectors << DmIoConstants.SectorShift); // ftruncate: all hole
            return new SparseFileDevice(name, path, handle, capacitySectors, limits, completion, scheduler, punchHoles);
        }
        catch
        {
            handle.Dispose();
            File.Delete(path); // nothing half-made is left behind
            throw;
        }
    }

    /// <summary>Opens an existing image; its length (a whole number of logical blocks) is the capacity.</summary>
    /// <param name="name">The device's name.</param>
    /// <param name="path">The image file.</param>
    /// <param name="limits">The queue limits; <see cref="DefaultLimits"/> when null.</param>
    /// <param name="completion">When bios complete.</param>
    /// <param name="scheduler">Where <see cref="DeviceCompletionMode.Scheduled"/> completions run; unused by other modes.</param>
    /// <param name="punchHoles">False to zero by writing zeros even where holes could be punched.</param>
    /// <returns>The device.</returns>
    public static SparseFileDevice Open(string name, string path, QueueLimits? limits = null,
        DeviceCompletionMode completion = DeviceCompletionMode.Inline, IIoScheduler? scheduler = null, bool punchHoles = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        (limits ?? DefaultLimits).Validate(nameof(limits));
        SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        try
        {
            long length = RandomAccess.GetLength(handle);
            if (length == 0 || length % (limits ?? DefaultLimits).LogicalBlockSize != 0)
            {
                throw new ArgumentException($"'{path}' is {length} bytes, not a positive whole number of logical blocks.", nameof(path));
            }

            return new SparseFileDevice(name, path, handle, length >> DmIoConstants.SectorShift, limits, completion, scheduler, punchHoles);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Bytes the image occupies on disk (allocated blocks, not the apparent size). Linux only.</summary>
    /// <returns>The allocated bytes.</returns>
    public long GetAllocatedBytes()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Allocated blocks are read with statx, which only Linux has.");
        }

        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return LinuxFileNative.AllocatedBytes(_handle);
    }

    /// <summary>Closes the image file. Later bios fail with an I/O error.</summary>
    public void Dispose() => _handle.Dispose();

    /// <inheritdoc />
    protected override void ReadBytes(long offset, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            int read = RandomAccess.Read(_handle, destination, offset);
            if (read == 0)
            {
                destination.Clear(); // past the file's end (someone truncated it): what is not there reads as zeros
                return;
            }

            destination = destination[read..];
            offset += read;
        }
    }

    /// <inheritdoc />
    protected override void WriteBytes(long offset, ReadOnlySpan<byte> source) => RandomAccess.Write(_handle, source, offset);

    /// <inheritdoc />
    protected override void ZeroBytes(long offset, long length)
    {
        if (PunchesHoles)
        {
            int errno = LinuxFileNative.PunchHole(_handle, offset, length);
            if (errno == 0)
            {
                return;
            }

            if (errno != LinuxFileNative.EOpNotSupp)
            {
                throw new IOException($"fallocate(PUNCH_HOLE) on '{Path}' failed with errno {errno}.");
            }

            Volatile.Write(ref _punchHoles, false); // this file system cannot; stop asking
        }

        WriteZeros(offset, length);
    }

    /// <summary>
    /// Reports the image's data extents, found with <c>lseek(SEEK_DATA/SEEK_HOLE)</c> on Linux and read in pieces, so a
    /// mostly-hole image costs what was written. Elsewhere, or when the file system refuses the seek, the whole device
    /// is read. Data past the device's end (an image grown by someone else) is not reported.
    /// </summary>
    /// <param name="visitor">Where the extents go.</param>
    protected override void VisitExtents(AllocatedExtentVisitor visitor)
    {
        if (!OperatingSystem.IsLinux() || _handle.IsClosed)
        {
            base.VisitExtents(visitor); // a closed image fails its reads as the disk would
            return;
        }

        for (long offset = 0; offset < CapacityBytes;)
        {
            int errno = LinuxFileNative.NextData(_handle, offset, out long start, out long end);
            if (errno == LinuxFileNative.ENxio || (errno == 0 && start >= CapacityBytes))
            {
                return; // holes (or the file's end, which reads as zeros) up to the device's end
            }

            if (errno != 0 || end <= start)
            {
                VisitByReading(visitor, offset, CapacityBytes); // no usable hole map from this file system: read the rest
                return;
            }

            end = Math.Min(end, CapacityBytes);
            VisitByReading(visitor, start, end);
            offset = end;
        }
    }

    /// <inheritdoc />
    protected override void Flush() => RandomAccess.FlushToDisk(_handle);

    // The documented fallback: the range reads as zeros afterwards, but its space stays allocated.
    private void WriteZeros(long offset, long length)
    {
        while (length > 0)
        {
            int run = (int)Math.Min(length, ZeroChunk);
            RandomAccess.Write(_handle, Zeros.AsSpan(0, run), offset);
            offset += run;
            length -= run;
        }
    }
}
