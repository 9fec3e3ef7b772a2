using DmIo;
using DmIo.FaultInjection;
using DmIo.VirtualDevices;

// A three-leg mirror write through dm-io where the middle leg is a dead disk (the kernel's "error" target).
// dm-io writes the same 8 KiB to every leg and reports one error bit per region.
const long legSectors = 2048;
var legs = new IBlockDevice[]
{
    new MemoryDevice("leg0", legSectors),
    new ErrorDevice("leg1", legSectors),
    new MemoryDevice("leg2", legSectors),
};

var legacy = new DmIoLegacy();
legacy.Get(pages: 2); // dm_io_get: reserve io objects for 2 pages in flight

byte[] payload = new byte[8192];
for (int i = 0; i < payload.Length; i++)
{
    payload[i] = (byte)(i * 7 + 3);
}

PageList pages = PageList.Allocate(2);
pages.Write(0, payload);
IoRegion[] where = [.. legs.Select(leg => new IoRegion(leg, 128, 16))];

ulong errorBits = 0;
int rc = legacy.SyncPageList(where, BioOperation.Write, pages, 0, ref errorBits);
Console.WriteLine($"dm_io_sync WRITE of 16 sectors to {where.Length} regions: return {rc}, error_bits 0x{errorBits:x} (binary {Convert.ToString((long)errorBits, 2).PadLeft(where.Length, '0')})");
for (int i = 0; i < where.Length; i++)
{
    Console.WriteLine($"  region {i} {where[i]}: {(((errorBits >> i) & 1) != 0 ? "FAILED" : "ok")}");
}

var back = new byte[payload.Length];
((MemoryDevice)legs[2]).ReadDirect(128, back);
Console.WriteLine($"leg2 holds the payload: {back.AsSpan().SequenceEqual(payload)}");
legacy.Put(pages: 2); // dm_io_put: the pool reaches 0 and is destroyed
return rc == -Errno.EIO && errorBits == 0b010 ? 0 : 1;
