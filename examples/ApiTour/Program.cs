using DmIo;
using DmIo.VirtualDevices;

// Two mirror legs and a log device, all in memory.
var legA = new MemoryDevice("legA", 2048);
var legB = new MemoryDevice("legB", 2048);
var log = new MemoryDevice("log", 2048);

// The seed's API: one module-wide pool, six entry points.
var dmio = new DmIoLegacy();                 // module state (the kernel's statics), one per test if you like
dmio.Get(pages: 2);                          // dm_io_get: 4 io objects per page
IoRegion[] where = [new(legA, 0, 16), new(legB, 0, 16)];
PageList pageList = PageList.Allocate(2);    // 2 pages = 16 sectors
pageList.Write(0, "hello, dm-io"u8);
ulong errorBits = 0;
int rc = dmio.SyncPageList(where, BioOperation.Write, pageList, offset: 0, ref errorBits);   // dm_io_sync
Console.WriteLine($"sync write: rc {rc}, error bits 0x{errorBits:x}");
byte[] buffer = new byte[16 * 512];
dmio.AsyncVm(where, BioOperation.Write, new VmBuffer(buffer, pageOffset: 0),               // dm_io_async_vm
             (bits, ctx) => Console.WriteLine($"async write done: 0x{bits:x}"), context: null);
// also SyncBvec / AsyncBvec / SyncVm / AsyncPageList
dmio.Put(pages: 2);                          // dm_io_put: reaching 0 destroys the pool

// The unified request API (dm_io_client_create + dm_io()): clients, KMEM, DISCARD, WRITE_ZEROES, PREFLUSH, FUA.
using var client = DmIoClient.Create(pages: 4, scheduler: new SimulatedScheduler(seed: 42));
byte[] header = new byte[8 * 512];
var request = new DmIoRequest
{
    Operation = BioOperation.Write,
    Flags = BioFlags.Preflush | BioFlags.Fua,
    Memory = DmIoMemory.FromKmem(new VmBuffer(header)),
    Client = client,                         // Notify = ... makes it asynchronous
};
rc = DmIoEngine.Execute(request, [new IoRegion(log, 0, 8), new IoRegion(log, 8, 0)], ref errorBits);
Console.WriteLine($"log write with PREFLUSH|FUA: rc {rc}, error bits 0x{errorBits:x}");

// From async C# code: no thread is blocked, not even while the pool is exhausted.
IoRegion[] regions = [new(legA, 0, 16), new(legB, 0, 16)];
DmIoResult result = await client.ExecuteAsync(BioOperation.Discard, BioFlags.None, DmIoMemory.None, regions);
Console.WriteLine($"discard: rc {result.ReturnCode}, error bits 0x{result.ErrorBits:x}");
