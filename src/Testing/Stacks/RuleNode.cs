using DmIo.FaultInjection;

namespace DmIo.Testing;

/// <summary>A rule-driven fault device over a lower stack.</summary>
/// <param name="Name">The device name.</param>
/// <param name="Lower">The stack beneath.</param>
/// <param name="Rules">The rules, in <see cref="FaultRuleSyntax"/> text.</param>
public sealed record RuleNode(string Name, StackNode Lower, IReadOnlyList<string> Rules) : StackNode(Name)
{
    /// <inheritdoc />
    public override long Capacity => Lower.Capacity;

    /// <inheritdoc />
    public override int Depth => 1 + Lower.Depth;

    /// <inheritdoc />
    public override bool HasFaults => true;

    /// <inheritdoc />
    public override IBlockDevice Build(StackContext context)
    {
        var device = new RuleFaultDevice(Name, Lower.Build(context), context.Scheduler, context.Choices, context.Record);
        foreach (string rule in Rules)
        {
            device.Message("add " + rule);
        }

        return device;
    }

    /// <inheritdoc />
    public override void MapFaults(long sector, long count, List<FaultSpan> spans)
    {
        spans.Add(new FaultSpan(Name, sector, count)); // no remapping: same sectors below
        Lower.MapFaults(sector, count, spans);
    }

    /// <inheritdoc />
    public override bool Supports(BioOperation operation) => Lower.Supports(operation);

    /// <inheritdoc />
    public override string ToString() => $"rules {Name}({string.Join("; ", Rules)}) over [{Lower}]";
}
