using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace DmIo.Cli.Commands;

/// <summary>
/// A sweep's progress on an interactive terminal: a bar with the count, rate (seeds/s), failures and time left, and
/// the failing seeds' lines above it. Without a terminal (or with <c>--quiet</c>) there is no bar, and lines go to
/// standard output as they come, so redirected output holds nothing that depends on timing.
/// </summary>
internal sealed class SweepProgress
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromMilliseconds(200); // how often the description is rebuilt

    private readonly CliContext _context; // where lines go
    private readonly ProgressTask? _task; // the bar, or null when none is shown
    private readonly ulong _total; // seeds the shard holds
    private readonly Stopwatch _clock = Stopwatch.StartNew(); // for the rate
    private TimeSpan _lastRefresh; // when the description was last rebuilt
    private ulong _done; // seeds counted
    private ulong _failed; // of which failed

    private SweepProgress(CliContext context, ProgressTask? task, ulong total)
    {
        _context = context;
        _task = task;
        _total = total;
    }

    /// <summary>True when a progress bar is shown (an interactive terminal, not <c>--quiet</c>).</summary>
    public bool Visible => _task is not null;

    /// <summary>Runs <paramref name="body"/> with a progress display suited to the context.</summary>
    public static T Show<T>(CliContext context, ulong total, bool quiet, Func<SweepProgress, T> body)
    {
        if (!context.Interactive || quiet)
        {
            return body(new SweepProgress(context, null, total));
        }

        return context.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(progress =>
            {
                var shown = new SweepProgress(context, progress.AddTask(Describe(0, total, 0, 0), maxValue: Math.Max(1, total)), total);
                T result = body(shown);
                shown.Refresh(); // the last figures stay on screen, also after Ctrl-C
                return result;
            });
    }

    /// <summary>Prints a line: above the bar when one is shown, else on standard output.</summary>
    public void Line(string text)
    {
        if (_task is null)
        {
            _context.Output.WriteLine(text);
        }
        else
        {
            _context.Console.WriteLine(text); // plain text, never parsed as markup
        }
    }

    /// <summary>Counts one seed.</summary>
    public void Count(bool passed)
    {
        _done++;
        _failed += passed ? 0UL : 1UL;
        if (_task is null)
        {
            return;
        }

        _task.Increment(1);
        if (_clock.Elapsed - _lastRefresh >= RefreshEvery)
        {
            Refresh();
        }
    }

    private void Refresh()
    {
        _lastRefresh = _clock.Elapsed;
        _task!.Description = Describe(_done, _total, _failed, _done / Math.Max(_clock.Elapsed.TotalSeconds, 1e-3));
    }

    private static string Describe(ulong done, ulong total, ulong failed, double rate) =>
        string.Create(CultureInfo.InvariantCulture, $"{done}/{total} seeds, {rate:0.#} seeds/s, {failed} failing");
}
