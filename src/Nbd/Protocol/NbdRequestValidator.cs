using DmIo.Nbd.Exports;

namespace DmIo.Nbd.Protocol;

/// <summary>
/// Checks transmission requests against one export before the export sees them, as nbdkit's validate_request does:
/// unknown or unadvertised commands and flags, writes to a read-only export, ranges outside the export, empty
/// lengths, oversized payloads and misaligned requests are refused with an errno, so the export only gets requests
/// its contract allows.
/// </summary>
public sealed class NbdRequestValidator
{
    private const NbdCommandFlags KnownFlags = NbdCommandFlags.Fua | NbdCommandFlags.NoHole | NbdCommandFlags.DontFragment;

    private readonly NbdExportFeatures features;
    private readonly ulong sizeBytes;
    private readonly uint minimumBlock;
    private readonly bool structuredReplies;

    /// <summary>Creates the checks for one connection.</summary>
    /// <param name="export">The export the connection serves.</param>
    /// <param name="advertisedSizes">The block sizes sent to the client (their maximum is the payload limit).</param>
    /// <param name="structuredReplies">Whether the client negotiated structured replies (the DF flag needs them).</param>
    public NbdRequestValidator(INbdExport export, NbdBlockSizes advertisedSizes, bool structuredReplies)
    {
        ArgumentNullException.ThrowIfNull(export);
        features = export.Features;
        sizeBytes = (ulong)Math.Max(0, export.SizeBytes);
        minimumBlock = Math.Max(1u, advertisedSizes.Minimum);
        MaximumPayload = advertisedSizes.Maximum;
        this.structuredReplies = structuredReplies;
    }

    /// <summary>The longest read or write accepted; also the longest piece a trim or write-zeroes is split into.</summary>
    public uint MaximumPayload { get; }

    /// <summary>Checks <paramref name="request"/> (any command but NBD_CMD_DISC).</summary>
    /// <param name="request">The header as received.</param>
    /// <returns>Passed, or the errno to answer with.</returns>
    public NbdRequestCheck Check(in NbdRequestHeader request)
    {
        var command = (NbdCommand)request.Type;
        var flags = (NbdCommandFlags)request.Flags;
        if (!IsAdvertised(command))
        {
            return NbdRequestCheck.Refuse(NbdWireErrno.Einval, $"command {request.Type} is not supported by this export");
        }

        var flagCheck = CheckFlags(command, flags);
        if (!flagCheck.IsPassed)
        {
            return flagCheck;
        }

        bool changesData = command is NbdCommand.Write or NbdCommand.Trim or NbdCommand.WriteZeroes;
        if (changesData && features.HasFlag(NbdExportFeatures.ReadOnly))
        {
            return NbdRequestCheck.Refuse(NbdWireErrno.Eperm, "the export is read-only");
        }

        if (command == NbdCommand.Flush)
        {
            return request.Offset == 0 && request.Length == 0
                ? NbdRequestCheck.Passed
                : NbdRequestCheck.Refuse(NbdWireErrno.Einval, "a flush must have offset and length 0");
        }

        return CheckRange(command, request.Offset, request.Length);
    }

    private bool IsAdvertised(NbdCommand command) => command switch
    {
        NbdCommand.Read or NbdCommand.Write => true,
        NbdCommand.Flush => features.HasFlag(NbdExportFeatures.Flush),
        NbdCommand.Trim => features.HasFlag(NbdExportFeatures.Trim),
        NbdCommand.WriteZeroes => features.HasFlag(NbdExportFeatures.WriteZeroes),
        _ => false,
    };

    private NbdRequestCheck CheckFlags(NbdCommand command, NbdCommandFlags flags)
    {
        if ((flags & ~KnownFlags) != 0)
        {
            return NbdRequestCheck.Refuse(NbdWireErrno.Einval, $"command flags 0x{(ushort)flags:x} are not supported");
        }

        if (flags.HasFlag(NbdCommandFlags.Fua) && !features.HasFlag(NbdExportFeatures.Fua))
        {
            return NbdRequestCheck.Refuse(NbdWireErrno.Einval, "FUA is not advertised for this export");
        }

        if (flags.HasFlag(NbdCommandFlags.NoHole) && command != NbdCommand.WriteZeroes)
        {
            return NbdRequestCheck.Refuse(NbdWireErrno.Einval, "NO_HOLE is only valid on write-zeroes");
        }

        if (flags.HasFlag(NbdCommandFlags.DontFragment) && (command != NbdCommand.Read || !structuredReplies))
        {
            return NbdRequestCheck.Refuse(NbdWireErrno.Einval, "DF is only valid on reads with structured replies");
        }

        return NbdRequestCheck.Passed;
    }

    private NbdRequestCheck CheckRange(NbdCommand command, ulong offset, uint length)
    {
        if (length == 0)
        {
            return NbdRequestCheck.Refuse(NbdWireErrno.Einval, "the length is 0");
        }

        // offset > size first, so offset + length cannot overflow: both are then below 2^63 + 2^32.
        if (offset > sizeBytes || offset + length > sizeBytes)
        {
            // nbdkit answers ENOSPC for a write past the end (as the spec suggests) and EINVAL for anything else.
            int errno = command is NbdCommand.Write or NbdCommand.WriteZeroes ? NbdWireErrno.Enospc : NbdWireErrno.Einval;
            return NbdRequestCheck.Refuse(errno, $"offset {offset} + length {length} is past the export's end ({sizeBytes})");
        }

        if (command is NbdCommand.Read or NbdCommand.Write && length > MaximumPayload)
        {
            return NbdRequestCheck.Refuse(NbdWireErrno.Eoverflow, $"length {length} is more than the maximum payload {MaximumPayload}");
        }

        bool endsAtEnd = offset + length == sizeBytes;
        if (offset % minimumBlock != 0 || (length % minimumBlock != 0 && !endsAtEnd))
        {
            return NbdRequestCheck.Refuse(NbdWireErrno.Einval, $"offset {offset} or length {length} is not aligned to {minimumBlock}");
        }

        return NbdRequestCheck.Passed;
    }
}
