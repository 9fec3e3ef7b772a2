using DmIo.VirtualDevices.Tables;

namespace DmIo.FaultInjection;

/// <summary>
/// The kernel's <c>struct dm_arg_set</c> over a table line's arguments: a cursor that <see cref="Shift"/>s one word at a
/// time (<c>dm_shift_arg</c>, null once none are left) and reads bounded numbers (<c>dm_read_arg</c>,
/// <c>dm_read_arg_group</c>), failing with the kernel's error text for the field.
/// </summary>
internal sealed class KernelArgSet
{
    private readonly TargetArguments _args; // the line
    private int _next;                       // index of the next word to shift

    /// <summary>Creates a cursor at argument <paramref name="start"/>.</summary>
    /// <param name="args">The line.</param>
    /// <param name="start">The first argument the set holds.</param>
    public KernelArgSet(TargetArguments args, int start)
    {
        _args = args;
        _next = start;
    }

    /// <summary>The words not yet shifted (<c>as-&gt;argc</c>).</summary>
    public int Count => _args.Args.Count - _next;

    /// <summary>The line, for errors.</summary>
    public TargetArguments Line => _args;

    /// <summary>Takes the next word (<c>dm_shift_arg</c>).</summary>
    /// <returns>The word, or null when none is left.</returns>
    public string? Shift() => _next < _args.Args.Count ? _args.Args[_next++] : null;

    /// <summary>Shifts a word and reads it as a number in [<paramref name="min"/>, <paramref name="max"/>] (<c>dm_read_arg</c>).</summary>
    /// <param name="field">The field, for the error.</param>
    /// <param name="min">Smallest allowed.</param>
    /// <param name="max">Largest allowed.</param>
    /// <param name="kernelError">The kernel's text for a missing, malformed or out-of-range value.</param>
    /// <returns>The value.</returns>
    public uint Read(string field, uint min, uint max, string kernelError) => ReadNext(field, min, max, kernelError, grouped: false);

    /// <summary>
    /// Shifts a word and reads it as the size of an argument group (<c>dm_read_arg_group</c>): like <see cref="Read"/>, and
    /// the group must not be larger than the words left after it.
    /// </summary>
    /// <param name="field">The field, for the error.</param>
    /// <param name="min">Smallest allowed.</param>
    /// <param name="max">Largest allowed.</param>
    /// <param name="kernelError">The kernel's text for a bad group size.</param>
    /// <returns>The group's size.</returns>
    public uint ReadGroup(string field, uint min, uint max, string kernelError) => ReadNext(field, min, max, kernelError, grouped: true);

    private uint ReadNext(string field, uint min, uint max, string kernelError, bool grouped)
    {
        string? text = Shift();
        if (text is null)
        {
            throw _args.KernelError(field, kernelError, "missing");
        }

        if (!KernelScan.TryUnsigned32(text, out uint value) || value < min || value > max)
        {
            throw _args.KernelError(field, kernelError, $"'{text}' (allowed {min}..{max})");
        }

        if (grouped && value > Count)
        {
            throw _args.KernelError(field, kernelError, $"{value} announced, {Count} present");
        }

        return value;
    }
}
