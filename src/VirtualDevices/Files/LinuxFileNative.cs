using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DmIo.VirtualDevices;

/// <summary>
/// The two Linux system calls .NET does not expose that a sparse file device needs: <c>fallocate</c> to punch
/// holes, and <c>statx</c> to read how many blocks a file really occupies (<c>st_blocks</c>). <c>statx</c> is used
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

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, byte[] path, int flags, uint mask, byte[] buffer);
}
