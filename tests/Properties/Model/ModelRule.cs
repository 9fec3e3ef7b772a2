namespace DmIo.Properties;

/// <summary>A fail rule as the model sees it.</summary>
/// <param name="Name">The rule's name.</param>
/// <param name="Operation">Read or write.</param>
/// <param name="First">First sector.</param>
/// <param name="Last">Last sector.</param>
/// <param name="Until">Absolute virtual time the rule stops at.</param>
internal sealed record ModelRule(string Name, BioOperation Operation, long First, long Last, long Until);
