using System.Text.Json;

namespace DmIo.Simulation.Results;

/// <summary>The outcome of a dm-io request step.</summary>
public sealed class RequestOutcome(int index) : StepOutcome(index, "io")
{
    /// <summary>The request id.</summary>
    public required string Id { get; init; }

    /// <summary>The operation's short name.</summary>
    public required string Operation { get; init; }

    /// <summary>The flags, comma-separated (empty for none).</summary>
    public required string Flags { get; init; }

    /// <summary><c>sync</c> or <c>async</c>.</summary>
    public required string Mode { get; init; }

    /// <summary><c>request</c> or <c>legacy</c>.</summary>
    public required string Api { get; init; }

    /// <summary>The memory descriptor, as the engine prints it.</summary>
    public required string Memory { get; init; }

    /// <summary>Per-region outcomes.</summary>
    public IReadOnlyList<RegionOutcome> Regions { get; set; } = [];

    /// <summary>The submitting call's return code, or null when it threw.</summary>
    public int? ReturnCode { get; set; }

    /// <summary>The error bits (sync: as stored; async: as notified), or null when never written or not yet notified.</summary>
    public ulong? ErrorBits { get; set; }

    /// <summary>The argument error the engine threw before any I/O, or null.</summary>
    public string? Rejected { get; set; }

    /// <summary>Digest of a read's buffer afterwards, or null for other operations.</summary>
    public string? Data { get; set; }

    /// <summary>Virtual time of the call.</summary>
    public long SubmittedNanoseconds { get; set; }

    /// <summary>Virtual time the call returned (later than submission when a sync request or the io pool waited).</summary>
    public long ReturnedNanoseconds { get; set; }

    /// <summary>Notify calls so far (async only).</summary>
    public int NotifyCalls { get; set; }

    /// <summary>Virtual time of the first notify call, or null.</summary>
    public long? NotifiedNanoseconds { get; set; }

    /// <summary>Whether the first notify ran before the submitting call returned (async only).</summary>
    public bool? NotifiedBeforeReturn { get; set; }

    /// <summary>True for an async request.</summary>
    public bool IsAsync => Mode == "async";

    /// <inheritdoc />
    protected override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("id", Id);
        writer.WriteString("op", Operation);
        writer.WriteString("flags", Flags);
        writer.WriteString("mode", Mode);
        writer.WriteString("api", Api);
        writer.WriteString("memory", Memory);
        writer.WriteStartArray("regions");
        foreach (RegionOutcome r in Regions)
        {
            writer.WriteStartObject();
            writer.WriteString("device", r.Device);
            writer.WriteNumber("sector", r.Sector);
            writer.WriteNumber("count", r.Count);
            writer.WriteString("outcome", r.Outcome);
            writer.WriteNumber("bios", r.Bios);
            writer.WriteString("statuses", string.Join(',', r.Statuses));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        ResultJson.WriteNullable(writer, "rc", ReturnCode);
        if (ErrorBits is { } bits)
        {
            writer.WriteNumber("error_bits", bits);
            writer.WriteStartArray("failed_regions");
            for (int i = 0; i < 64; i++)
            {
                if (((bits >> i) & 1) != 0)
                {
                    writer.WriteNumberValue(i);
                }
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNull("error_bits");
            writer.WriteNull("failed_regions");
        }

        ResultJson.WriteNullable(writer, "rejected", Rejected);
        ResultJson.WriteNullable(writer, "data", Data);
        writer.WriteNumber("submitted_ns", SubmittedNanoseconds);
        writer.WriteNumber("returned_ns", ReturnedNanoseconds);
        if (IsAsync)
        {
            writer.WriteNumber("notify_calls", NotifyCalls);
            ResultJson.WriteNullable(writer, "notified_ns", NotifiedNanoseconds);
            ResultJson.WriteNullable(writer, "notified_before_return", NotifiedBeforeReturn);
        }
    }
}
