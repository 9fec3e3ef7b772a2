namespace DmIo.Simulation.Workloads;

/// <summary>
/// Generates realistic request streams from the project's seeded xoshiro256** source (<see cref="DeterministicRandom"/>),
/// so the same kind, seed and length always give the same <see cref="Workload"/>, on every runtime and with no
/// dependence on a third-party library's version.
/// </summary>
public static class WorkloadGenerator
{
    /// <summary>The default number of requests.</summary>
    public const int DefaultRequests = 64;

    private static readonly DmIoMemoryKind[] DataKinds = [DmIoMemoryKind.PageList, DmIoMemoryKind.Bvec, DmIoMemoryKind.Vm, DmIoMemoryKind.Kmem];

    /// <summary>Generates a workload.</summary>
    /// <param name="kind">Which client to imitate.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="requests">How many requests (at least 1; a copy counts its read and its write as two).</param>
    /// <returns>The workload.</returns>
    public static Workload Generate(WorkloadKind kind, int seed, int requests = DefaultRequests)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown workload kind.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);
        var builder = new WorkloadBuilder(new WorkloadRandom(new DeterministicRandom((ulong)seed)));
        return kind switch
        {
            WorkloadKind.Mirror => Mirror(builder, seed, requests),
            WorkloadKind.Log => Log(builder, seed, requests),
            WorkloadKind.Copy => Copy(builder, seed, requests),
            _ => FileSystem(builder, seed, requests),
        };
    }

    private static Workload Mirror(WorkloadBuilder b, int seed, int requests)
    {
        const long capacity = 4096;
        WorkloadDevice[] legs = [.. Enumerable.Range(0, b.Random.Int(2, 4)).Select(i => new WorkloadDevice($"leg{i}", capacity))];
        var list = new List<WorkloadRequest>();
        while (list.Count < requests)
        {
            long count = b.Random.Int(1, 16) * 8L;
            long sector = b.Random.Long(0, (capacity - count) / 8) * 8;
            if (b.Random.Bool(0.7))
            {
                BioFlags flags = b.Random.Bool(0.2) ? BioFlags.Fua : BioFlags.None;
                list.Add(b.Request(BioOperation.Write, flags, [.. legs.Select(l => new WorkloadRegion(l.Name, sector, count))]));
            }
            else
            {
                list.Add(b.Request(BioOperation.Read, BioFlags.None, [new WorkloadRegion(b.Random.Pick(legs).Name, sector, count)]));
            }
        }

        return new Workload(WorkloadKind.Mirror, seed, legs, list);
    }

    private static Workload Log(WorkloadBuilder b, int seed, int requests)
    {
        const long capacity = 8192;
        var log = new WorkloadDevice("log", capacity);
        var list = new List<WorkloadRequest>();
        long head = 0;
        while (list.Count < requests)
        {
            long header = b.Random.Int(1, 2);
            long body = b.Random.Int(0, 64);
            if (head + header + body > capacity)
            {
                head = 0; // wrap, as a circular journal does
            }

            if (body > 0)
            {
                list.Add(b.Request(BioOperation.Write, BioFlags.None, [new WorkloadRegion(log.Name, head + header, body)]));
            }

            // The header commits the record: a PREFLUSH makes the body durable first, FUA makes the header itself durable.
            list.Add(b.Request(BioOperation.Write, BioFlags.Preflush | BioFlags.Fua, [new WorkloadRegion(log.Name, head, header)]));
            if (b.Random.Bool(0.15))
            {
                list.Add(b.Request(BioOperation.Read, BioFlags.None, [new WorkloadRegion(log.Name, head, header + body)]));
            }

            head += header + body;
        }

        return new Workload(WorkloadKind.Log, seed, [log], [.. list.Take(requests)]);
    }

    private static Workload Copy(WorkloadBuilder b, int seed, int requests)
    {
        const long capacity = 4096;
        var source = new WorkloadDevice("source", capacity);
        WorkloadDevice[] destinations = [.. Enumerable.Range(0, b.Random.Int(1, 3)).Select(i => new WorkloadDevice($"dest{i}", capacity))];
        var list = new List<WorkloadRequest>();
        while (list.Count < requests)
        {
            long count = b.Random.Int(1, 32) * 8L;
            long from = b.Random.Long(0, capacity - count);
            long to = b.Random.Long(0, capacity - count);
            list.Add(b.Request(BioOperation.Read, BioFlags.None, [new WorkloadRegion(source.Name, from, count)]));
            list.Add(b.Request(BioOperation.Write, BioFlags.None, [.. destinations.Select(d => new WorkloadRegion(d.Name, to, count))]));
        }

        return new Workload(WorkloadKind.Copy, seed, [source, .. destinations], [.. list.Take(requests)]);
    }

    private static Workload FileSystem(WorkloadBuilder b, int seed, int requests)
    {
        const long capacity = 16384;
        const long metadataArea = 1024; // superblock, bitmaps, inode tables
        var fs = new WorkloadDevice("fs", capacity);
        var list = new List<WorkloadRequest>();
        while (list.Count < requests)
        {
            int pick = b.Random.Int(0, 99);
            if (pick < 40)
            {
                long count = b.Random.Int(1, 8);
                BioFlags flags = BioFlags.Meta | (b.Random.Bool(0.3) ? BioFlags.Fua : BioFlags.None);
                list.Add(b.Request(BioOperation.Write, flags, [new WorkloadRegion(fs.Name, b.Random.Long(0, metadataArea - count), count)]));
            }
            else if (pick < 70)
            {
                long count = b.Random.Int(8, 64) * 8L;
                list.Add(b.Request(BioOperation.Write, BioFlags.None, [new WorkloadRegion(fs.Name, b.Random.Long(metadataArea / 8, (capacity - count) / 8) * 8, count)]));
            }
            else if (pick < 85)
            {
                long count = b.Random.Int(1, 64);
                list.Add(b.Request(BioOperation.Read, BioFlags.None, [new WorkloadRegion(fs.Name, b.Random.Long(0, capacity - count), count)]));
            }
            else if (pick < 95)
            {
                long count = b.Random.Int(8, 256);
                BioOperation op = b.Random.Bool(0.5) ? BioOperation.Discard : BioOperation.WriteZeroes;
                list.Add(b.Request(op, BioFlags.None, [new WorkloadRegion(fs.Name, b.Random.Long(metadataArea, capacity - count), count)]));
            }
            else
            {
                list.Add(b.Request(BioOperation.Write, BioFlags.Preflush, [new WorkloadRegion(fs.Name, 0, 0)])); // fsync's cache flush
            }
        }

        return new Workload(WorkloadKind.FileSystem, seed, [fs], list);
    }

    /// <summary>Draws the per-request details every workload shares: memory layout, sync or async, payload seed.</summary>
    private sealed class WorkloadBuilder(WorkloadRandom random)
    {
        public WorkloadRandom Random { get; } = random;

        public WorkloadRequest Request(BioOperation operation, BioFlags flags, IReadOnlyList<WorkloadRegion> regions)
        {
            bool dataless = operation is BioOperation.Discard or BioOperation.WriteZeroes;
            DmIoMemoryKind kind = dataless ? DmIoMemoryKind.None : Random.Pick(DataKinds);
            int offset = dataless ? 0 : Random.Bool(0.3) ? Random.Int(1, 7) : 0;
            return new WorkloadRequest(operation, flags, regions, kind, offset, Random.Bool(0.5), (ulong)Random.Long(0, long.MaxValue - 1));
        }
    }
}
