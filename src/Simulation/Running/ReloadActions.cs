using System.Globalization;
using DmIo.FaultInjection;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;
using DmIo.VirtualDevices;
using DmIo.VirtualDevices.Tables;

namespace DmIo.Simulation.Running;

/// <summary>
/// The reload step, as <c>dmsetup reload</c> then <c>dmsetup resume</c> reach 6.12's dm-ioctl.c: <c>table_load</c>
/// builds the new table (a refused line changes nothing), and <c>do_resume</c> suspends the device if it is not
/// suspended (<c>dm_suspend</c>, flushing), swaps the tables (<c>dm_swap_table</c>), resumes (<c>dm_resume</c>, whose
/// preresume and resume hooks are the new table's) and destroys the old table (<c>dm_table_destroy</c>).
/// </summary>
internal static class ReloadActions
{
    /// <summary>Reloads <paramref name="table"/> with the step's lines.</summary>
    /// <param name="step">The step.</param>
    /// <param name="table">The device.</param>
    /// <param name="load">Builds a table device from lines, as the scenario's devices are built.</param>
    /// <param name="forget">Called with the old targets once they are destroyed (the run drops what it kept of them).</param>
    /// <param name="scheduler">Where the suspend waits.</param>
    /// <param name="trace">The run's trace, or null.</param>
    /// <returns>The outcome.</returns>
    public static SimpleOutcome Reload(ReloadStep step, TableDevice table, Func<TableDevice> load, Action<IReadOnlyList<TableSegment>> forget,
        IIoScheduler scheduler, TraceRecorder? trace)
    {
        var outcome = new SimpleOutcome(step.Index, step.Kind).Add("device", step.Device);
        TableDevice loaded;
        try
        {
            loaded = load();
        }
        catch (ScenarioFormatException e)
        {
            string refused = $"the new table was refused: {e.Problem}";
            outcome.Add("table", (string?)null).Add("resubmitted", 0).Add("error", refused);
            outcome.Fail(refused);
            return outcome;
        }

        if (Reaches(loaded, table))
        {
            string cycle = $"the new table would put '{step.Device}' under itself";
            outcome.Add("table", (string?)null).Add("resubmitted", 0).Add("error", cycle);
            outcome.Fail(cycle);
            return outcome;
        }

        trace?.Mark($"reload {step.Device}");
        if (!table.IsSuspended)
        {
            Task<int> suspend = table.SuspendAsync();
            scheduler.WaitUntil(new SuspendCompletion(suspend, step.Device));
            trace?.Mark($"suspended {step.Device}");
        }

        IReadOnlyList<TableSegment> old = table.SwapTable(loaded);
        foreach (IDisposable target in old.Select(s => s.Target).OfType<IDisposable>())
        {
            target.Dispose();
        }

        forget(old);
        int held = table.HeldBioCount;
        int result = table.Resume();
        string? error = null;
        if (result != 0)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"a target's preresume refused the resume with {result}; the device stays suspended with the new table");
            trace?.Mark(string.Create(CultureInfo.InvariantCulture, $"resume {step.Device} refused {result}"));
        }
        else
        {
            trace?.Mark(string.Create(CultureInfo.InvariantCulture, $"resume {step.Device} resubmit {held}"));
        }

        return outcome.Add("table", table.Table).Add("resubmitted", result == 0 ? held : 0).Add("error", error);
    }

    // Whether `target` is somewhere under `device` (a table may not be built over itself).
    private static bool Reaches(IBlockDevice device, IBlockDevice target)
    {
        var seen = new HashSet<IBlockDevice>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<IBlockDevice>();
        pending.Push(device);
        while (pending.Count > 0)
        {
            IBlockDevice next = pending.Pop();
            if (!seen.Add(next))
            {
                continue;
            }

            if (!ReferenceEquals(next, device) && ReferenceEquals(next, target))
            {
                return true;
            }

            IEnumerable<IBlockDevice> lower = next switch
            {
                StackedDeviceBase stacked => stacked.LowerDevices,
                ObservedDevice observed => [observed.Lower],
                _ => [],
            };
            foreach (IBlockDevice below in lower)
            {
                pending.Push(below);
            }
        }

        return false;
    }
}
