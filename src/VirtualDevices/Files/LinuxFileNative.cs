using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DmIo.VirtualDevices;

/// <summary>
/// The Linux system calls .NET does not expose that a sparse file device needs: <c>fallocate</c> to punch holes,
/// <c>lseek</c> with <c>SEEK_DATA</c>/<c>SEEK_HOLE</c> to find what is not a hole, and <c>statx</c> to read how many
/// blocks a file really occupies (<c>st_blocks</c>). <c>statx</c> is used
/// rather than <c>fstat</c> because its buffer layout is the same on every architecture.
/// </summary>
internal static class LinuxFileNative
{
    /// <summary><c>FALLOC_FL_KEEP_SIZE</c>: do not change the file's length.</summary>
    public const int FallocKeepSize = 0x01;

    /// <summary><c>FALLOC_FL_PUNCH_HOLE</c>: deallocate the range; it reads back as zeros.</summary>
    public const int FallocPunchHole = 0x02;

    /// <summary><c>EOPNOTSUPP</c> on Linux: the file system cannot punch holes.</summary>
    public const int EOpNotSupp = 95;

    /// <summary><c>ENXIO</c> on Linux: <c>SEEK_DATA</c> found no data at or after the offset.</summary>
    public const int ENxio = 6;

    private const int SeekData = 3;          // lseek: the next byte at or after the offset that holds data
    private const int SeekHole = 4;          // lseek: the next hole at or after the offset (the file's end counts as one)
    private const int AtEmptyPath = 0x1000;  // statx: the fd itself, not a path relative to it
    private const uint StatxBlocks = 0x400;  // statx mask bit for stx_blocks
    private const int StatxBufferSize = 256; // sizeof(struct statx)
    private const int StxMaskOffset = 0;     // offsetof(struct statx, stx_mask)
    private const int StxBlocksOffset = 48;  // offsetof(struct statx, stx_blocks), in 512-byte units

    /// <summary>Punches a hole of <paramref name="length"/> bytes at <paramref name="offset"/>, keeping the file size.</summary>
    /// <returns>0 on success, else the errno.</returns>
    public static int PunchHole(SafeFileHandle handle, long offset, long length)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int rc = Fallocate((int)handle.DangerousGetHandle(), FallocPunchHole | FallocKeepSize, offset, length);
            return rc == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// The next data extent at or after <paramref name="offset"/>, from <c>lseek(SEEK_DATA)</c> then
    /// <c>lseek(SEEK_HOLE)</c>. File systems without hole tracking report the whole rest of the file as data.
    /// </summary>
    /// <returns>0 and the extent [start, end); <see cref="ENxio"/> when no data follows; else the errno.</returns>
    public static int NextData(SafeFileHandle handle, long offset, out long start, out long end)
    {
        start = end = -1;
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int fd = (int)handle.DangerousGetHandle();
            start = Lseek(fd, offset, SeekData);
            if (start < 0)
            {
                return Marshal.GetLastPInvokeError();
            }

            end = Lseek(fd, start, SeekHole);
            return end < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Bytes the file occupies on disk: <c>st_blocks</c> × 512 (holes cost nothing).</summary>
    public static long AllocatedBytes(SafeFileHandle handle)
    {
        byte[] buffer = new byte[StatxBufferSize];
        byte[] emptyPath = [0];
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (Statx((int)handle.DangerousGetHandle(), emptyPath, AtEmptyPath, StatxBlocks, buffer) != 0)
            {
                throw new IOException($"statx failed with errno {Marshal.GetLastPInvokeError()}.");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        if ((BitConverter.ToUInt32(buffer, StxMaskOffset) & StatxBlocks) == 0)
        {
            throw new IOException("The file system did not report allocated blocks.");
        }

        return checked((long)BitConverter.ToUInt64(buffer, StxBlocksOffset) * DmIoConstants.SectorSize);
    }

    [DllImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static extern int Fallocate(int fd, int mode, long offset, long length);

    [DllImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static extern long Lseek(int fd, long offset, int whence);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, byte[] path, int flags, uint mask, byte[] buffer);
}
