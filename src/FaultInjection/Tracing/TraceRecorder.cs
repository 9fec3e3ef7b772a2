using System.Text;

namespace DmIo.FaultInjection;

/// <summary>
/// Collects a run's trace: bio submissions and completions (from <see cref="TracingDevice"/>s), random choices
/// (from a <see cref="RecordingChoiceSource"/>), fault decisions (taken from an attached <see cref="FaultRecord"/>
/// just before each new line, so they appear where they happened) and the workload's own marks. Each line is
/// stamped with its step and the scheduler time. Given a reference trace, it checks every line as it is written
/// and throws <see cref="TraceDivergenceException"/> at the first one that differs, stopping the run there.
/// Thread-safe; in real-time mode the order of lines follows thread timing.
/// </summary>
public sealed class TraceRecorder
{
    private readonly object _lock = new();       // guards everything below
    private readonly IIoScheduler _scheduler;    // time stamps
    private readonly List<string> _lines = [];   // the trace so far
    private readonly TraceLog? _expected;        // the reference to check against, if replaying
    private FaultRecord? _faults;                // where fault decisions come from
    private int _faultsSeen;                     // decisions already turned into lines
    private readonly TextWriter? _sink;          // where lines stream to instead of being kept, or null
    private int _count;                          // lines written so far (kept or streamed)

    /// <summary>Creates a recorder stamping lines with <paramref name="scheduler"/>'s time.</summary>
    /// <param name="scheduler">The run's scheduler.</param>
    /// <param name="expected">A reference trace to check each line against as it is written, or null.</param>
    public TraceRecorder(IIoScheduler scheduler, TraceLog? expected = null)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        _scheduler = scheduler;
        _expected = expected;
    }

    /// <summary>
    /// Creates a recorder that streams each line (with a newline) to <paramref name="sink"/> as it is written and
    /// keeps none, so a long run's trace costs no memory: <see cref="Lines"/> stays empty and <see cref="ToText"/>
    /// returns the empty string. It checks against no reference.
    /// </summary>
    /// <param name="scheduler">The run's scheduler.</param>
    /// <param name="sink">Where the lines go; written under the recorder's lock, never flushed by it.</param>
    public TraceRecorder(IIoScheduler scheduler, TextWriter sink)
        : this(scheduler)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
    }

    /// <summary>How many lines have been written so far, kept or streamed.</summary>
    public int LineCount
    {
        get
        {
            lock (_lock)
            {
                DrainFaults();
                return _count;
            }
        }
    }

    /// <summary>The lines so far, without newlines (none when they stream to a sink).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                DrainFaults();
                return [.. _lines];
            }
        }
    }

    /// <summary>Takes fault decisions from <paramref name="faults"/> from now on (earlier ones are not traced).</summary>
    /// <param name="faults">The run's fault record.</param>
    public void Attach(FaultRecord faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        lock (_lock)
        {
            if (_faults is not null)
            {
                throw new InvalidOperationException("A fault record is already attached.");
            }

            _faults = faults;
            _faultsSeen = faults.Count;
        }
    }

    /// <summary>Records that <paramref name="bio"/> entered device <paramref name="device"/>.</summary>
    /// <param name="device">The traced device's name.</param>
    /// <param name="bio">The bio.</param>
    public void Submitted(string device, Bio bio)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(bio);
        Append(step => TraceLine.Submit(step, _scheduler.NowNanoseconds, device, bio));
    }

    /// <summary>Records that device <paramref name="device"/> completed <paramref name="bio"/> with <paramref name="status"/>.</summary>
    /// <param name="device">The traced device's name.</param>
    /// <param name="bio">The bio, before it is completed (its data is fingerprinted).</param>
    /// <param name="status">Its status.</param>
    public void Completed(string device, Bio bio, BlkStatus status)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(bio);
        Append(step => TraceLine.Complete(step, _scheduler.NowNanoseconds, device, bio, status));
    }

    /// <summary>Records a random choice.</summary>
    /// <param name="purpose">Its label.</param>
    /// <param name="bound">Its exclusive upper bound.</param>
    /// <param name="value">The value drawn.</param>
    public void Chose(string purpose, ulong bound, ulong value)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        Append(step => TraceLine.Choice(step, _scheduler.NowNanoseconds, purpose, bound, value));
    }

    /// <summary>Records a note from the workload (a request's result, a crash, a phase).</summary>
    /// <param name="text">The note.</param>
    public void Mark(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Append(step => TraceLine.Mark(step, _scheduler.NowNanoseconds, text));
    }

    /// <summary>
    /// Writes out any fault decisions not yet traced and, when checking against a reference, throws
    /// <see cref="TraceDivergenceException"/> if the reference has lines this run never produced.
    /// </summary>
    public void Finish()
    {
        lock (_lock)
        {
            DrainFaults();
            if (_expected is not null && _lines.Count < _expected.Events.Count)
            {
                throw new TraceDivergenceException(_lines.Count, _expected.Events[_lines.Count].Line, "end of trace");
            }
        }
    }

    /// <summary>The trace as text: every line followed by a newline (the JSON-lines file format).</summary>
    /// <returns>The trace.</returns>
    public string ToText()
    {
        var text = new StringBuilder();
        foreach (string line in Lines)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The trace as UTF-8 bytes, exactly as <see cref="ToText"/> would be saved.</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToBytes() => Encoding.UTF8.GetBytes(ToText());

    private void Append(Func<int, string> line)
    {
        lock (_lock)
        {
            DrainFaults();
            Add(line(_count));
        }
    }

    /// <summary>Turns new fault decisions into lines; must hold the lock.</summary>
    private void DrainFaults()
    {
        if (_faults is null || _faults.Count == _faultsSeen)
        {
            return;
        }

        // One at a time: a long run (an NBD server) makes many decisions, and a copy of all of them per line would be quadratic.
        int count = _faults.Count;
        while (_faultsSeen < count)
        {
            Add(TraceLine.Fault(_count, _faults.At(_faultsSeen++)));
        }
    }

    /// <summary>Appends one line, checking it against the reference; must hold the lock.</summary>
    private void Add(string line)
    {
        int step = _count++;
        if (_sink is not null)
        {
            _sink.Write(line);
            _sink.Write('\n');
            return;
        }

        _lines.Add(line);
        if (_expected is null)
        {
            return;
        }

        if (step >= _expected.Events.Count)
        {
            throw new TraceDivergenceException(step, "end of trace", line);
        }

        if (!string.Equals(_expected.Events[step].Line, line, StringComparison.Ordinal))
        {
            throw new TraceDivergenceException(step, _expected.Events[step].Line, line);
        }
    }
}
