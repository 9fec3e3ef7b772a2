using DmIo.FaultInjection;
using DmIo.Nbd.Exports;

namespace DmIo.Nbd.Serving;

/// <summary>
/// One NBD request on a device, as a program's direct I/O on a block device reaches it in Linux 6.12
/// (<c>__blkdev_direct_IO</c>, <c>blkdev_issue_flush</c>, <c>blkdev_issue_discard</c>, <c>blkdev_issue_zeroout</c>):
/// a read or write is one bio per 256 pages of the buffer (a write is <c>REQ_SYNC</c>, and <c>REQ_FUA</c> with the FUA
/// flag), a flush one empty <c>REQ_PREFLUSH</c> write, a trim one discard, a write-zeroes one write-zeroes bio; each is
/// submitted through the block layer of the device. The request completes when its last bio does, with the first
/// failing bio's status turned into the errno <c>blk_status_to_errno</c> gives.
/// </summary>
internal sealed class DeviceRequest : IBioEndIo
{
    private const int PageBytes = 4096;

    private readonly string _device;            // for the failure message
    private readonly NbdIo _io;                 // the request
    private readonly INbdCompletion _completion; // who to tell
    private int _remaining;                     // bios not yet completed
    private BlkStatus _status;                  // the first failure
    private string? _exception;                 // what a device threw, if one did

    private DeviceRequest(string device, in NbdIo io, INbdCompletion completion)
    {
        _device = device;
        _io = io;
        _completion = completion;
    }

    /// <summary>Issues <paramref name="io"/> on <paramref name="device"/>; the caller holds the run's lock.</summary>
    /// <param name="device">The named device, as <see cref="Simulation.ScenarioRun.NamedDevice"/> gives it.</param>
    /// <param name="io">A request the server has checked against the device's size.</param>
    /// <param name="buffer">The payload or the read's destination (empty for other commands).</param>
    /// <param name="completion">Who to tell.</param>
    /// <param name="nextBioId">Numbers each bio (the run's bio sequence).</param>
    public static void Issue(IBlockDevice device, in NbdIo io, Memory<byte> buffer, INbdCompletion completion, Func<long> nextBioId)
    {
        var request = new DeviceRequest(device.Name, io, completion);
        List<Bio> bios = request.Build(buffer);
        request._remaining = bios.Count;
        foreach (Bio bio in bios)
        {
            bio.Id = nextBioId();
        }

        foreach (Bio bio in bios)
        {
            try
            {
                BlockLayer.Submit(device, bio);
            }
            catch (Exception e) when (!bio.IsCompleted && e is not (TraceDivergenceException or SimulationStalledException))
            {
                // A replay's divergence is not a device failure: it goes up and stops the replay where it happened.
                // A device that throws is a bug below; the client still gets an answer, and the log says what it was.
                request._exception ??= $"{e.GetType().Name}: {e.Message.Split('\n', 2)[0]}";
                bio.Complete(BlkStatus.IoError);
            }
        }
    }

    /// <inheritdoc />
    public void EndIo(Bio bio)
    {
        if (bio.Status != BlkStatus.Ok && _status == BlkStatus.Ok)
        {
            _status = bio.Status;
        }

        if (--_remaining > 0)
        {
            return;
        }

        if (_status == BlkStatus.Ok)
        {
            _completion.Complete(0, null);
            return;
        }

        int errno = -_status.ToErrno();
        string what = $"{NbdRequestMark.CommandName(_io.Command)} of {_io.Length} bytes at offset {_io.Offset} on device '{_device}' failed: "
            + $"{ErrnoNames.Of(errno)} (BLK_STS_{_status.ToShortName().ToUpperInvariant()})";
        _completion.Complete(errno, _exception is null ? what : $"{what}; the device threw {_exception}");
    }

    private List<Bio> Build(Memory<byte> buffer)
    {
        long sector = _io.Offset >> DmIoConstants.SectorShift;
        var bios = new List<Bio>(1);
        switch (_io.Command)
        {
            case NbdCommand.Read:
            case NbdCommand.Write:
                BioOperation operation = _io.Command == NbdCommand.Read ? BioOperation.Read : BioOperation.Write;
                BioFlags flags = operation == BioOperation.Write ? BioFlags.Sync : BioFlags.None;
                if (operation == BioOperation.Write && (_io.Flags & NbdCommandFlags.Fua) != 0)
                {
                    flags |= BioFlags.Fua;
                }

                for (int done = 0; done < buffer.Length;)
                {
                    int pages = Math.Min(DmIoConstants.BioMaxVecs, (buffer.Length - done + PageBytes - 1) / PageBytes);
                    var bio = new Bio();
                    bio.Init(operation, flags, sector + (done >> DmIoConstants.SectorShift), this, pages);
                    for (int page = 0; page < pages && done < buffer.Length; page++)
                    {
                        int length = Math.Min(PageBytes, buffer.Length - done);
                        bio.TryAddSegment(buffer.Slice(done, length));
                        done += length;
                    }

                    bios.Add(bio);
                }

                break;
            case NbdCommand.Flush:
                bios.Add(Dataless(BioOperation.Write, BioFlags.Preflush, 0, 0));
                break;
            case NbdCommand.Trim:
                bios.Add(Dataless(BioOperation.Discard, BioFlags.None, sector, _io.Length));
                break;
            case NbdCommand.WriteZeroes:
                bios.Add(Dataless(BioOperation.WriteZeroes, BioFlags.None, sector, _io.Length));
                break;
            default:
                throw new ArgumentException($"NBD command {_io.Command} has no bio.", nameof(buffer));
        }

        return bios;
    }

    private Bio Dataless(BioOperation operation, BioFlags flags, long sector, long bytes)
    {
        var bio = new Bio();
        bio.Init(operation, flags, sector, this, vecCapacity: 0);
        if (bytes > 0)
        {
            bio.SetDatalessSize(bytes);
        }

        return bio;
    }
}
