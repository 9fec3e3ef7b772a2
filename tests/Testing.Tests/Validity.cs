using DmIo.FaultInjection;

namespace DmIo.Testing.Tests;

/// <summary>Checks that a generated (or shrunk) value is a usable input, throwing with what is wrong.</summary>
internal static class Validity
{
    public static void Stack(StackNode node)
    {
        var scheduler = new SimulatedScheduler(1);
        IBlockDevice device = node.Build(StackContext.For(scheduler, 1));
        Assert.True(device.CapacitySectors == node.Capacity, $"{node}: built capacity {device.CapacitySectors}, described {node.Capacity}");
        Assert.True(node.Capacity > 0, $"{node}: empty stack");
    }

    public static void Layout(MemoryLayout layout)
    {
        Assert.InRange(layout.PageOffsetSectors, 0, 7);
        Assert.All(layout.BvecSectors, s => Assert.InRange(s, 1, 8));
        byte[] bytes = [.. Enumerable.Range(0, 9 * DmIoConstants.SectorSize).Select(i => (byte)(i + 1))];
        LayoutBuffer buffer = layout.Allocate(bytes.Length);
        buffer.Write(bytes);
        Assert.Equal(bytes, buffer.Read());
        Assert.Equal(layout.Kind, buffer.Memory.Kind);
    }

    public static void Request(StackRequest request)
    {
        Assert.InRange(request.Regions.Count, 1, DmIoConstants.MaxRegions);
        Assert.All(request.Regions, r =>
        {
            Assert.InRange(r.Stack, 0, request.Stacks.Count - 1);
            Assert.True(r.Sector >= 0 && r.Count >= 0, $"region {r} of {request}");
        });
        foreach (IGrouping<int, RegionSpec> onStack in request.Regions.GroupBy(r => r.Stack))
        {
            RegionSpec[] sorted = [.. onStack.Where(r => r.Count > 0).OrderBy(r => r.Sector)]; // an empty region covers nothing
            for (int i = 1; i < sorted.Length; i++)
            {
                Assert.True(sorted[i - 1].Sector + sorted[i - 1].Count <= sorted[i].Sector, $"regions {sorted[i - 1]} and {sorted[i]} overlap in {request}");
            }
        }

        foreach (StackNode stack in request.Stacks)
        {
            Stack(stack);
        }

        Layout(request.Layout);
    }

    public static void Rule(FaultRule rule)
    {
        rule.Validate();
        string text = FaultRuleSyntax.Format(rule);
        Assert.Equal(text, FaultRuleSyntax.Format(FaultRuleSyntax.Parse(text).Validate()));
    }
}
