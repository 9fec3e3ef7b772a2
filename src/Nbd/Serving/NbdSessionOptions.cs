namespace DmIo.Nbd.Serving;

/// <summary>How an <see cref="NbdSession"/> records and what it allows.</summary>
public sealed class NbdSessionOptions
{
    /// <summary>Where the trace streams to as it is written; null for no trace.</summary>
    public TextWriter? Trace { get; init; }

    /// <summary>Where each write's payload is appended in trace order, for a replay; needed with <see cref="Trace"/>.</summary>
    public Stream? Payloads { get; init; }

    /// <summary>The server's largest payload, which caps each export's advertised maximum block size.</summary>
    public uint MaxPayloadBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>The resource caps for the control channel's steps; the virtual time cap does not apply (time is real).</summary>
    public Simulation.ResourceLimits Limits { get; init; } = Simulation.ResourceLimits.Default;
}
