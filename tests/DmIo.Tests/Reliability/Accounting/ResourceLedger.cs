using System.Diagnostics;
using DmIo.VirtualDevices;

namespace DmIo.Tests.Reliability;

/// <summary>
/// Pool and resource accounting for a test class: register every client, legacy pool, file-backed device and
/// custom check the class creates, and the ledger fails the class (xunit reports a class cleanup failure) when the
/// run ends with an io pool not full, a bio outstanding, or a file handle open. Use it as
/// <c>IClassFixture&lt;ResourceLedger&gt;</c>; tests that want the check after every test call <see cref="AssertClean"/>.
/// Shared with the other test projects as a linked source file, so it depends only on DmIo and VirtualDevices.
/// </summary>
public sealed class ResourceLedger : IDisposable
{
    private readonly object _lock = new();                                   // guards the lists below
    private readonly List<DmIoClient> _clients = [];                         // clients whose pools must end full
    private readonly List<DmIoLegacy> _legacies = [];                        // legacy module states, checked through their current client
    private readonly List<SparseFileDevice> _files = [];                     // file devices whose handles must end closed
    private readonly List<(string What, Func<string?> Problem)> _checks = []; // extra checks (a device's held bios, ...)

    /// <summary>How long the final check waits for completions still running on other threads before it fails.</summary>
    public static TimeSpan SettleTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>How many resources of any kind the ledger holds; the fixture's own tests use it.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _clients.Count + _legacies.Count + _files.Count + _checks.Count;
            }
        }
    }

    /// <summary>Registers a client; returns it so the call can wrap a creation.</summary>
    public DmIoClient Track(DmIoClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        lock (_lock)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>Registers a legacy module state; its pool (if it still has one) must end full.</summary>
    public DmIoLegacy Track(DmIoLegacy legacy)
    {
        ArgumentNullException.ThrowIfNull(legacy);
        lock (_lock)
        {
            _legacies.Add(legacy);
        }

        return legacy;
    }

    /// <summary>Registers a file-backed device; it must be disposed (its handle closed) by the end.</summary>
    public SparseFileDevice Track(SparseFileDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        lock (_lock)
        {
            _files.Add(device);
        }

        return device;
    }

    /// <summary>Adds a check returning a problem description, or null when all is well.</summary>
    /// <param name="what">What is checked, for the failure message.</param>
    /// <param name="problem">The check.</param>
    public void AddCheck(string what, Func<string?> problem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(what);
        ArgumentNullException.ThrowIfNull(problem);
        lock (_lock)
        {
            _checks.Add((what, problem));
        }
    }

    /// <summary>Every problem the ledger sees right now, one line each; empty when everything is back.</summary>
    public IReadOnlyList<string> FindProblems()
    {
        DmIoClient[] clients;
        SparseFileDevice[] files;
        (string What, Func<string?> Problem)[] checks;
        lock (_lock)
        {
            clients = [.. _clients, .. _legacies.Select(l => l.Client).OfType<DmIoClient>()];
            files = [.. _files];
            checks = [.. _checks];
        }

        var problems = new List<string>();
        for (int i = 0; i < clients.Length; i++)
        {
            DmIoClient c = clients[i];
            if (c.FreeIos != c.IoCapacity || c.OutstandingIos != 0 || c.OutstandingBios != 0)
            {
                problems.Add($"client #{i}: pool not full ({c.FreeIos} of {c.IoCapacity} io objects free, " +
                             $"{c.OutstandingIos} request(s) and {c.OutstandingBios} bio(s) outstanding)");
            }
        }

        foreach (SparseFileDevice file in files.Where(f => !f.IsDisposed))
        {
            problems.Add($"sparse file device {file.Name}: file handle still open on '{file.Path}'");
        }

        foreach ((string what, Func<string?> check) in checks)
        {
            if (check() is { } problem)
            {
                problems.Add($"{what}: {problem}");
            }
        }

        return problems;
    }

    /// <summary>
    /// Waits up to <see cref="SettleTimeout"/> for completions still running elsewhere, then throws naming every
    /// resource that did not come back.
    /// </summary>
    public void AssertClean()
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<string> problems = FindProblems();
        while (problems.Count != 0 && clock.Elapsed < SettleTimeout)
        {
            Thread.Sleep(10); // real-thread completions: give them time; nothing here runs on a simulated clock
            problems = FindProblems();
        }

        if (problems.Count != 0)
        {
            throw new InvalidOperationException(
                $"Resources not returned after {SettleTimeout.TotalSeconds:0} s:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        }
    }

    /// <summary>Fails the test class when anything is still out.</summary>
    public void Dispose() => AssertClean();
}
