namespace DmIo.Clients.Kcopyd;

/// <summary>
/// One kcopyd job or sub-job (<c>struct kcopyd_job</c>). A job small enough to run whole is its own master; a larger
/// one is a master that never does I/O itself and hands out <see cref="KcopydConstants.SplitCount"/> sub-jobs, each
/// reused chunk after chunk until the master's <see cref="Progress"/> reaches the end.
/// </summary>
internal sealed class KcopydJob
{
    /// <summary>The <c>DM_KCOPYD_*</c> flags in force (WriteSequential may clear IgnoreError).</summary>
    public KcopydFlags Flags { get; set; }

    /// <summary>read_err: the source could not be read.</summary>
    public bool ReadError { get; set; }

    /// <summary>write_err: bit i set when destination i failed; all ones when a sequential write was refused.</summary>
    public ulong WriteErrors { get; set; }

    /// <summary>The dm-io operation of the next request: read, then write; write or write-zeroes for a zero job.</summary>
    public BioOperation Operation { get; set; }

    /// <summary>Where data is read from; for a zero job only its count matters.</summary>
    public IoRegion Source { get; set; }

    /// <summary>Where data is written, 1..8 regions of the source's size.</summary>
    public IoRegion[] Destinations { get; set; } = [];

    /// <summary>The pages holding the data between read and write, or the shared zero page list, or null.</summary>
    public PageList? Pages { get; set; }

    /// <summary>Called once when this job completes: the caller's callback, or the master's segment completion.</summary>
    public KcopydNotify Notify { get; set; } = static (_, _, _) => { };

    /// <summary>The context given to <see cref="Notify"/>.</summary>
    public object? Context { get; set; }

    /// <summary>The job this one is a part of; itself when it runs whole or is the master.</summary>
    public KcopydJob Master { get; set; } = null!;

    /// <summary>Master only: sub-jobs still working (sub_jobs); the master completes when it reaches 0.</summary>
    public int SubJobs { get; set; }

    /// <summary>Master only: sectors handed out to sub-jobs so far.</summary>
    public long Progress { get; set; }

    /// <summary>
    /// The sector offset of this job's write within the master (a sub-job); on the master, the offset of the next
    /// write a sequential job may issue.
    /// </summary>
    public long WriteOffset { get; set; }

    /// <summary>Master only: serializes the sub-jobs' <c>segment_complete</c> updates (the master's mutex).</summary>
    public Lock Gate { get; } = new();

    /// <summary>Copies every field of <paramref name="master"/> into this sub-job (<c>*sub_job = *job</c>), giving it its own destination array.</summary>
    public void CopyFrom(KcopydJob master)
    {
        Flags = master.Flags;
        ReadError = master.ReadError;
        WriteErrors = master.WriteErrors;
        Operation = master.Operation;
        Source = master.Source;
        Destinations = (IoRegion[])master.Destinations.Clone();
        Pages = master.Pages;
        Notify = master.Notify;
        Context = master.Context;
        Master = master.Master;
        WriteOffset = master.WriteOffset;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Operation.ToShortName()} {Source} -> {string.Join(", ", Destinations)} (offset {WriteOffset})";
}
