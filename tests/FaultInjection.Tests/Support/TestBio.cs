namespace DmIo.FaultInjection.Tests.Support;

/// <summary>
/// One bio a test submits by hand: its buffer (split into 4 KiB segments), how often and when it completed, and
/// with what status. Completing twice is caught by <see cref="Bio.Complete"/> itself.
/// </summary>
internal sealed class TestBio : IBioEndIo
{
    private readonly IIoScheduler? _clock;         // stamps the completion time
    private readonly Action<TestBio>? _onComplete; // lets a test log completion order

    private TestBio(BioOperation operation, BioFlags flags, long sector, byte[] buffer, long datalessBytes, long id,
        IIoScheduler? clock, Action<TestBio>? onComplete)
    {
        _clock = clock;
        _onComplete = onComplete;
        Buffer = buffer;
        Bio.Init(operation, flags, sector, this);
        Bio.Id = id;
        for (int at = 0; at < buffer.Length; at += DmIoConstants.PageSize)
        {
            Assert.True(Bio.TryAddSegment(buffer.AsMemory(at, Math.Min(DmIoConstants.PageSize, buffer.Length - at))));
        }

        if (buffer.Length == 0)
        {
            Bio.SetDatalessSize(datalessBytes);
        }
    }

    /// <summary>The bio.</summary>
    public Bio Bio { get; } = new();

    /// <summary>The bio's memory: read data lands here, written data comes from here.</summary>
    public byte[] Buffer { get; }

    /// <summary>How many times the bio completed.</summary>
    public int Completions { get; private set; }

    /// <summary>The status it completed with.</summary>
    public BlkStatus Status { get; private set; }

    /// <summary>Scheduler time of completion.</summary>
    public long CompletedAtNanoseconds { get; private set; } = -1;

    /// <summary>True once completed.</summary>
    public bool Done => Completions > 0;

    /// <summary>A read of <paramref name="sectors"/> sectors at <paramref name="sector"/>.</summary>
    public static TestBio Read(long sector, int sectors, long id = 1, BioFlags flags = BioFlags.None, IIoScheduler? clock = null,
        Action<TestBio>? onComplete = null) =>
        new(BioOperation.Read, flags, sector, new byte[sectors * DmIoConstants.SectorSize], 0, id, clock, onComplete);

    /// <summary>A write of <paramref name="data"/> at <paramref name="sector"/>; the bio uses a copy of it.</summary>
    public static TestBio Write(long sector, byte[] data, long id = 1, BioFlags flags = BioFlags.None, IIoScheduler? clock = null,
        Action<TestBio>? onComplete = null) =>
        new(BioOperation.Write, flags, sector, (byte[])data.Clone(), 0, id, clock, onComplete);

    /// <summary>A discard or write-zeroes of <paramref name="sectors"/> sectors.</summary>
    public static TestBio Dataless(BioOperation operation, long sector, int sectors, long id = 1, IIoScheduler? clock = null,
        Action<TestBio>? onComplete = null) =>
        new(operation, BioFlags.None, sector, [], (long)sectors * DmIoConstants.SectorSize, id, clock, onComplete);

    /// <summary>An empty PREFLUSH write.</summary>
    public static TestBio Flush(long id = 1, IIoScheduler? clock = null, Action<TestBio>? onComplete = null) =>
        new(BioOperation.Write, BioFlags.Preflush, 0, [], 0, id, clock, onComplete);

    /// <summary>Submits through the block layer.</summary>
    /// <param name="device">The device.</param>
    /// <returns>This.</returns>
    public TestBio SubmitTo(IBlockDevice device)
    {
        BlockLayer.Submit(device, Bio);
        return this;
    }

    /// <inheritdoc />
    public void EndIo(Bio bio)
    {
        Completions++;
        Status = bio.Status;
        CompletedAtNanoseconds = _clock?.NowNanoseconds ?? 0;
        _onComplete?.Invoke(this);
    }
}
