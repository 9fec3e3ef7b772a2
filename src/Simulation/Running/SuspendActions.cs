using System.Globalization;
using DmIo.FaultInjection;
using DmIo.Simulation.Results;
using DmIo.Simulation.Scenarios;
using DmIo.VirtualDevices.Tables;

namespace DmIo.Simulation.Running;

/// <summary>
/// The suspend and resume steps, as <c>dmsetup suspend [--noflush]</c> and <c>dmsetup resume</c> reach 6.12's
/// dm-ioctl.c: <c>do_suspend</c> calls <c>dm_suspend</c> only when the device is not suspended, and <c>do_resume</c>
/// calls <c>dm_resume</c> only when it is, so suspending a suspended device or resuming a running one succeeds and
/// changes nothing (the outcome says <c>"changed": false</c>). A refusing preresume hook is the step's <c>error</c>
/// (as <c>dmsetup resume</c> fails with the hook's errno), which the run reports without failing the step.
/// </summary>
internal static class SuspendActions
{
    public static SimpleOutcome Suspend(SuspendStep step, TableDevice table, IIoScheduler scheduler, TraceRecorder? trace)
    {
        var outcome = new SimpleOutcome(step.Index, step.Kind).Add("device", step.Device).Add("noflush", w => w.WriteBoolean("noflush", step.Noflush));
        bool changed = !table.IsSuspended;
        if (changed)
        {
            trace?.Mark($"suspend {step.Device}{(step.Noflush ? " noflush" : string.Empty)}");
            Task<int> suspend = table.SuspendAsync(step.Noflush);
            scheduler.WaitUntil(new SuspendCompletion(suspend, step.Device));
            trace?.Mark($"suspended {step.Device}");
        }

        return outcome.Add("changed", w => w.WriteBoolean("changed", changed)).Add("held_bios", table.HeldBioCount).Add("error", (string?)null);
    }

    public static SimpleOutcome Resume(ResumeStep step, TableDevice table, TraceRecorder? trace)
    {
        var outcome = new SimpleOutcome(step.Index, step.Kind).Add("device", step.Device);
        bool changed = table.IsSuspended;
        int held = table.HeldBioCount;
        string? error = null;
        if (changed)
        {
            int result = table.Resume();
            if (result != 0)
            {
                changed = false;
                error = string.Create(CultureInfo.InvariantCulture, $"a target's preresume refused the resume with {result}; the device stays suspended");
                trace?.Mark(string.Create(CultureInfo.InvariantCulture, $"resume {step.Device} refused {result}"));
            }
            else
            {
                trace?.Mark(string.Create(CultureInfo.InvariantCulture, $"resume {step.Device} resubmit {held}"));
            }
        }

        return outcome.Add("changed", w => w.WriteBoolean("changed", changed)).Add("resubmitted", changed ? held : 0).Add("error", error);
    }
}
