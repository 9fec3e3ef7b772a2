using DmIo.Clients.Mirror;
using FsCheck;
using FsCheck.Fluent;

namespace DmIo.Properties.Mirror;

/// <summary>
/// The mirror target (6.12's dm-raid1.c) under random leg fault sequences, checked against <see cref="MirrorModel"/>,
/// a model built from the kernel's rules and the fault record alone: each request's outcome, the legs' health
/// characters and the in-sync count after every step, and every successful read returning what a good leg holds.
/// </summary>
public sealed class MirrorProperties
{
    private static Gen<MirrorCase> Cases { get; } =
        from legs in Gen.Choose(2, 4)
        from features in Gen.Elements(MirrorFeatures.None, MirrorFeatures.HandleErrors, MirrorFeatures.HandleErrors | MirrorFeatures.KeepLog)
        from operations in Gen.ListOf(Operation(legs)).Select(l => l.Take(30).ToList())
        select new MirrorCase(legs, features, operations);

    /// <summary>
    /// Catches: a failed leg's bit charged to another leg, a default leg not switched (or switched while out of sync
    /// without keep_log), a status character ranked wrongly, a region not marked out of sync by a failed write, a
    /// read served by a failed leg or not retried on a healthy one, and held writes completed early.
    /// </summary>
    [DmIoProperty(150)]
    public Property Mirror_HealthSyncCountAndReads_MatchTheModel() =>
        Prop.ForAll(Cases.ToArbitrary(), Holds);

    private static Gen<MirrorOperation> Operation(int legs) =>
        Gen.Frequency(
            (4, from region in Gen.Choose(0, MirrorUnderTest.Regions - 1) from fill in Gen.Choose(1, 255) select new MirrorOperation(MirrorOperationKind.Write, region, (byte)fill)),
            (4, from region in Gen.Choose(0, MirrorUnderTest.Regions - 1) select new MirrorOperation(MirrorOperationKind.Read, region, 0)),
            (1, from leg in Gen.Choose(0, legs - 1) select new MirrorOperation(MirrorOperationKind.KillWrites, leg, 0)),
            (1, from leg in Gen.Choose(0, legs - 1) select new MirrorOperation(MirrorOperationKind.KillReads, leg, 0)));

    private static Property Holds(MirrorCase c)
    {
        var mirror = new MirrorUnderTest(c.Legs, c.Features);
        var model = new MirrorModel(c.Legs, MirrorUnderTest.Regions, c.Features);
        for (int i = 0; i < c.Operations.Count; i++)
        {
            MirrorOperation op = c.Operations[i];
            string step = $"step {i} ({op})";
            switch (op.Kind)
            {
                case MirrorOperationKind.KillWrites:
                    mirror.KillWrites(op.Target);
                    model.KillWrites(op.Target);
                    break;
                case MirrorOperationKind.KillReads:
                    mirror.KillReads(op.Target);
                    model.KillReads(op.Target);
                    break;
                case MirrorOperationKind.Write:
                    Expect.Equal(model.Write(op.Target, op.Fill), Outcome(mirror.Write(op.Target, op.Fill)), $"{step} outcome");
                    break;
                default:
                    (ModelOutcome expected, int leg) = model.Read(op.Target);
                    (ulong? bits, byte[] data) = mirror.Read(op.Target);
                    Expect.Equal(expected, Outcome(bits), $"{step} outcome");
                    if (expected == ModelOutcome.Ok)
                    {
                        byte want = model.Holds(leg, op.Target);
                        Expect.That(data.All(b => b == want), $"{step}: read returned {data[0]:x2}.., leg{leg} holds {want:x2}");
                    }

                    break;
            }

            string status = mirror.Mirror.Status;
            string expectedPrefix = $"{c.Legs} {string.Join(' ', Enumerable.Range(0, c.Legs).Select(l => $"leg{l}"))} {model.SyncCount}/{MirrorUnderTest.Regions} 1 {model.Health} ";
            Expect.That(status.StartsWith(expectedPrefix, StringComparison.Ordinal), $"{step} status: expected '{expectedPrefix}...', got '{status}'");
        }

        return true.ToProperty();
    }

    private static ModelOutcome Outcome(ulong? bits) => bits switch
    {
        null => ModelOutcome.Held,
        0 => ModelOutcome.Ok,
        _ => ModelOutcome.Eio,
    };
}
