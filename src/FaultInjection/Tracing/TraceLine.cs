using System.Buffers;
using System.Text;
using System.Text.Json;

namespace DmIo.FaultInjection;

/// <summary>
/// Writes trace lines: one compact JSON object each, fields always in the same order (<c>step</c>, <c>t</c>,
/// <c>ev</c>, then the kind's own fields), so equal runs give equal bytes.
/// </summary>
internal static class TraceLine
{
    public static string Submit(int step, long time, string device, Bio bio) => Build(step, time, "submit", w =>
    {
        WriteBio(w, device, bio.Id, bio.Operation, bio.Flags, bio.Sector, bio.SectorCount);
        if (bio.Operation == BioOperation.Write && bio.SegmentCount > 0)
        {
            w.WriteString("data", DataDigest.Of(bio));
        }
    });

    public static string Complete(int step, long time, string device, Bio bio, BlkStatus status) => Build(step, time, "complete", w =>
    {
        WriteBio(w, device, bio.Id, bio.Operation, bio.Flags, bio.Sector, bio.SectorCount);
        w.WriteString("status", status.ToShortName());
        if (bio.Operation == BioOperation.Read && status == BlkStatus.Ok)
        {
            w.WriteString("data", DataDigest.Of(bio));
        }
    });

    public static string Fault(int step, FaultDecision decision) => Build(step, decision.TimeNanoseconds, "fault", w =>
    {
        w.WriteString("dev", decision.Device);
        w.WriteNumber("bio", decision.BioId);
        w.WriteString("op", decision.Operation.ToShortName());
        w.WriteNumber("sector", decision.Sector);
        w.WriteNumber("count", decision.Count);
        w.WriteString("rule", decision.Rule);
        w.WriteString("action", decision.Action);
        w.WriteString("status", decision.Status.ToShortName());
    });

    public static string Choice(int step, long time, string purpose, ulong bound, ulong value) => Build(step, time, "choice", w =>
    {
        w.WriteString("purpose", purpose);
        w.WriteNumber("bound", bound);
        w.WriteNumber("value", value);
    });

    public static string Mark(int step, long time, string text) => Build(step, time, "mark", w => w.WriteString("text", text));

    public static string FormatFlags(BioFlags flags)
    {
        if (flags == BioFlags.None)
        {
            return string.Empty;
        }

        var names = new List<string>(4);
        foreach ((BioFlags flag, string name) in new[] { (BioFlags.Sync, "sync"), (BioFlags.Meta, "meta"), (BioFlags.Preflush, "preflush"), (BioFlags.Fua, "fua") })
        {
            if ((flags & flag) != 0)
            {
                names.Add(name);
            }
        }

        return string.Join(',', names);
    }

    private static void WriteBio(Utf8JsonWriter w, string device, long id, BioOperation op, BioFlags flags, long sector, long count)
    {
        w.WriteString("dev", device);
        w.WriteNumber("bio", id);
        w.WriteString("op", op.ToShortName());
        w.WriteString("flags", FormatFlags(flags));
        w.WriteNumber("sector", sector);
        w.WriteNumber("count", count);
    }

    private static string Build(int step, long time, string kind, Action<Utf8JsonWriter> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(160);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("step", step);
            w.WriteNumber("t", time);
            w.WriteString("ev", kind);
            fields(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
