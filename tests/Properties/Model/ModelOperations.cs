using System.Globalization;
using DmIo.FaultInjection;

namespace DmIo.Properties;

/// <summary>A dm-io write of seeded bytes.</summary>
/// <param name="Sector">The first sector.</param>
/// <param name="Count">The count (at most 64, so one bio).</param>
/// <param name="Flags">None, FUA, PREFLUSH or both.</param>
/// <param name="Layout">The memory layout.</param>
/// <param name="Async">True for a callback request.</param>
/// <param name="Seed">The payload seed.</param>
internal sealed record WriteOperation(long Sector, long Count, BioFlags Flags, MemoryLayout Layout, bool Async, ulong Seed) : ModelOperation
{
    /// <inheritdoc />
    public override void Run(ModelSystem system, ReferenceModel model)
    {
        byte[] payload = Payload.Sectors(Count, Seed);
        LayoutBuffer buffer = Layout.Allocate(payload.Length);
        buffer.Write(payload);
        RequestOutcome outcome = system.Rig.Execute(system.Client, BioOperation.Write, Flags, buffer.Memory, [new IoRegion(system.Top, Sector, Count)], Async);
        // PREFLUSH and FUA ride on every bio of the request, so the model replays the engine's bios one by one: a
        // later bio's flush persists what an earlier bio of the same request cached.
        bool failedAny = false;
        foreach (SpiedBio bio in BiosCovering(system, Sector, Count))
        {
            if (model.FailingRule(BioOperation.Write, bio.Sector, bio.Count) is not null)
            {
                failedAny = true;
                model.Tags.Add("write failed by a rule");
                continue;
            }

            model.ClearBadBlocksUnder(bio.Sector, bio.Count);
            if ((Flags & BioFlags.Preflush) != 0)
            {
                model.Flush();
                model.Tags.Add("preflush");
            }

            ReadOnlySpan<byte> data = payload.AsSpan((int)((bio.Sector - Sector) * DmIoConstants.SectorSize), (int)(bio.Count * DmIoConstants.SectorSize));
            data.CopyTo(model.Visible.AsSpan((int)(bio.Sector * DmIoConstants.SectorSize)));
            if ((Flags & BioFlags.Fua) != 0)
            {
                data.CopyTo(model.Durable.AsSpan((int)(bio.Sector * DmIoConstants.SectorSize)));
                model.Tags.Add("fua");
            }
        }

        Expect.Equal(failedAny ? 1UL : 0UL, outcome.ErrorBits, "error bits (a rule fails writes here)");
        ExpectFaults(system, failedAny ? ["rules"] : []);
        model.Tags.Add("memory " + Layout.Kind);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"write {Sector}+{Count}{(Flags == BioFlags.None ? string.Empty : " " + Flags)} {Layout} {(Async ? "async" : "sync")} seed={Seed}";
}

/// <summary>A dm-io read, checked byte for byte against the model (zeros when it fails).</summary>
/// <param name="Sector">The first sector.</param>
/// <param name="Count">The count (at most 64, so one bio).</param>
/// <param name="Layout">The memory layout.</param>
/// <param name="Async">True for a callback request.</param>
internal sealed record ReadOperation(long Sector, long Count, MemoryLayout Layout, bool Async) : ModelOperation
{
    /// <inheritdoc />
    public override void Run(ModelSystem system, ReferenceModel model)
    {
        LayoutBuffer buffer = Layout.Allocate((int)(Count * DmIoConstants.SectorSize));
        buffer.Fill(0xEE);
        RequestOutcome outcome = system.Rig.Execute(system.Client, BioOperation.Read, BioFlags.None, buffer.Memory, [new IoRegion(system.Top, Sector, Count)], Async);
        byte[] expected = model.Visible.AsSpan((int)(Sector * DmIoConstants.SectorSize), buffer.Length).ToArray();
        var failing = new List<string>();
        foreach (SpiedBio bio in BiosCovering(system, Sector, Count))
        {
            string? device = model.FailingRule(BioOperation.Read, bio.Sector, bio.Count) is not null ? "rules"
                : model.DustFails(bio.Sector, bio.Count) ? "dust" : null;
            if (device is not null)
            {
                failing.Add(device);
                expected.AsSpan((int)((bio.Sector - Sector) * DmIoConstants.SectorSize), (int)(bio.Count * DmIoConstants.SectorSize)).Clear(); // zero-filled
            }
        }

        Expect.Equal(failing.Count == 0 ? 0UL : 1UL, outcome.ErrorBits, $"error bits (expected failures from {string.Join(',', failing)})");
        ExpectFaults(system, [.. failing]);
        Expect.Bytes(expected, buffer.Read(), "bytes read (model's visible data, failed bios zero-filled)");
        foreach (string device in failing.Distinct())
        {
            model.Tags.Add($"read failed by {device}");
        }

        if (failing.Count == 0 && !expected.AsSpan().SequenceEqual(model.Durable.AsSpan((int)(Sector * DmIoConstants.SectorSize), buffer.Length)))
        {
            model.Tags.Add("read saw cached (unflushed) data");
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"read {Sector}+{Count} {Layout} {(Async ? "async" : "sync")}";
}

/// <summary>
/// A discard: straight to the media, zeroing the range; dust sees only each bio's first block. A write-zeroes is refused: 6.12's dm-dust sets no
/// <c>num_write_zeroes_bios</c>, so the stack shows no write-zeroes and dm-io sets the region's bit without a bio.
/// </summary>
/// <param name="Operation">Discard or write-zeroes.</param>
/// <param name="Sector">The first sector.</param>
/// <param name="Count">The count.</param>
internal sealed record ZeroOperation(BioOperation Operation, long Sector, long Count) : ModelOperation
{
    /// <inheritdoc />
    public override void Run(ModelSystem system, ReferenceModel model)
    {
        RequestOutcome outcome = system.Rig.Execute(system.Client, Operation, BioFlags.None, DmIoMemory.None, [new IoRegion(system.Top, Sector, Count)], async: false);
        if (Operation == BioOperation.WriteZeroes)
        {
            Expect.Equal(1UL, outcome.ErrorBits, "error bits of a write-zeroes the stack does not offer");
            Expect.Equal(0, system.NewBios().Count, "bios issued for a write-zeroes the stack does not offer");
            ExpectFaults(system);
            model.Tags.Add("write-zeroes refused");
            return;
        }

        Expect.Equal(0UL, outcome.ErrorBits, "error bits");
        ExpectFaults(system);
        foreach (SpiedBio bio in BiosCovering(system, Sector, Count))
        {
            // dm maps a discard or write-zeroes whole (no max_io_len split) and dust_map looks at its first block only.
            model.ClearBadBlocksUnder(bio.Sector, 1);
        }

        model.Visible.AsSpan((int)(Sector * DmIoConstants.SectorSize), (int)(Count * DmIoConstants.SectorSize)).Clear();
        model.Durable.AsSpan((int)(Sector * DmIoConstants.SectorSize), (int)(Count * DmIoConstants.SectorSize)).Clear();
        model.Tags.Add(Operation.ToString());
    }

    /// <inheritdoc />
    public override string ToString() => $"{Operation.ToShortName()} {Sector}+{Count}";
}

/// <summary>A dm-dust message: addbadblock, removebadblock, enable or disable.</summary>
/// <param name="Words">The message.</param>
internal sealed record DustMessageOperation(string[] Words) : ModelOperation
{
    /// <inheritdoc />
    public override void Run(ModelSystem system, ReferenceModel model)
    {
        long block = Words.Length > 1 ? long.Parse(Words[1], CultureInfo.InvariantCulture) : -1;
        bool expectRejected = Words[0] switch
        {
            "addbadblock" => !model.BadBlocks.Add(block),
            "removebadblock" => !model.BadBlocks.Remove(block),
            "enable" => Enable(model, true),
            _ => Enable(model, false),
        };
        bool rejected = false;
        try
        {
            system.Dust.Message(Words);
        }
        catch (DeviceMessageException)
        {
            rejected = true;
        }

        Expect.Equal(expectRejected, rejected, $"dust rejected '{string.Join(' ', Words)}'");
        ExpectFaults(system);
        Expect.Equal(model.BadBlocks.Count, system.Dust.BadBlockCount, "dust bad block count");
    }

    /// <inheritdoc />
    public override string ToString() => $"dust {string.Join(' ', Words)}";

    private static bool Enable(ReferenceModel model, bool on)
    {
        model.DustEnabled = on;
        return false;
    }
}

/// <summary>Adds a rule failing reads or writes on a sector range for a while.</summary>
/// <param name="Operation">Read or write.</param>
/// <param name="First">First sector.</param>
/// <param name="Last">Last sector.</param>
/// <param name="ForNanoseconds">How long from now the rule stays active.</param>
internal sealed record AddRuleOperation(BioOperation Operation, long First, long Last, long ForNanoseconds) : ModelOperation
{
    /// <inheritdoc />
    public override void Run(ModelSystem system, ReferenceModel model)
    {
        var rule = new ModelRule($"r{model.RulesAdded++}", Operation, First, Last, model.Now + ForNanoseconds);
        model.Rules.Add(rule);
        system.Rules.Message(string.Create(CultureInfo.InvariantCulture,
            $"add name={rule.Name} op={(Operation == BioOperation.Read ? "read" : "write")} sectors={First}-{Last} until={rule.Until}ns action=fail:ioerr"));
        ExpectFaults(system);
    }

    /// <inheritdoc />
    public override string ToString() => $"rule fail {Operation.ToShortName()} {First}-{Last} for {ForNanoseconds}ns";
}

/// <summary>Removes every rule.</summary>
internal sealed record ClearRulesOperation : ModelOperation
{
    /// <inheritdoc />
    public override void Run(ModelSystem system, ReferenceModel model)
    {
        system.Rules.Message("clear");
        model.Rules.Clear();
        ExpectFaults(system);
    }

    /// <inheritdoc />
    public override string ToString() => "rules clear";
}

/// <summary>Moves virtual time on.</summary>
/// <param name="Nanoseconds">How far.</param>
internal sealed record AdvanceOperation(long Nanoseconds) : ModelOperation
{
    /// <inheritdoc />
    public override void Run(ModelSystem system, ReferenceModel model)
    {
        system.Rig.Simulated!.AdvanceBy(Nanoseconds);
        model.Now += Nanoseconds;
        Expect.Equal(model.Now, system.Rig.Scheduler.NowNanoseconds, "virtual time");
        ExpectFaults(system);
    }

    /// <inheritdoc />
    public override string ToString() => $"advance {Nanoseconds}ns";
}

/// <summary>Cuts the power: the write cache loses every unflushed write.</summary>
internal sealed record CrashOperation : ModelOperation
{
    /// <inheritdoc />
    public override void Run(ModelSystem system, ReferenceModel model)
    {
        if (!model.Visible.AsSpan().SequenceEqual(model.Durable))
        {
            model.Tags.Add("crash lost unflushed data");
        }

        CrashReport report = system.Cache.Crash();
        model.Crash();
        Expect.Equal(0, report.BiosFailed, "bios failed by the crash");
        ExpectFaults(system);
    }

    /// <inheritdoc />
    public override string ToString() => "crash";
}
