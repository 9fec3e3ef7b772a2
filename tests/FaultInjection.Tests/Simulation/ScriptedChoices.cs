namespace DmIo.FaultInjection.Tests.Simulation;

/// <summary>A choice source that gives fixed values in order and remembers what was asked, so tests know every draw.</summary>
internal sealed class ScriptedChoices(params ulong[] values) : IChoiceSource
{
    private int _next;

    public List<(string Purpose, ulong Bound)> Asked { get; } = [];

    public ulong Choose(string purpose, ulong bound)
    {
        Asked.Add((purpose, bound));
        if (_next >= values.Length)
        {
            throw new InvalidOperationException($"Unscripted choice #{_next}: {purpose} < {bound}.");
        }

        ulong value = values[_next++];
        return value < bound ? value : throw new InvalidOperationException($"Scripted value {value} is not below bound {bound} for {purpose}.");
    }
}
