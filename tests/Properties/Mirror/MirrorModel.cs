using DmIo.Clients.Mirror;

namespace DmIo.Properties.Mirror;

/// <summary>What the model says a request does: completes, fails with EIO, or stays held until a suspend.</summary>
internal enum ModelOutcome
{
    /// <summary>Completes with no error.</summary>
    Ok,

    /// <summary>Fails with EIO.</summary>
    Eio,

    /// <summary>Held by the mirror (handle_errors) until a suspend.</summary>
    Held,
}

/// <summary>
/// A small model of a mirror over a core log created <c>nosync</c> (every region in sync from the start), written from
/// 6.12's dm-raid1.c rules and nothing of the implementation: which legs have failed and how (<c>fail_mirror</c>), the
/// default leg, which regions are in sync, and what each leg holds. Writes and reads cover one whole region each.
/// </summary>
internal sealed class MirrorModel
{
    private readonly int _legs;
    private readonly MirrorFeatures _features;
    private readonly int[] _errorCount;             // per leg
    private readonly MirrorErrorKinds[] _errors;    // per leg
    private readonly bool[] _writesDead;            // per leg: the fault record says writes fail
    private readonly bool[] _readsDead;             // per leg: reads fail
    private readonly bool[] _regionInSync;          // per region
    private readonly byte[,] _contents;             // [leg, region]: the fill the leg holds
    private int _default;
    private bool _inSync = true;                    // the nosync log makes the first do_recovery find every region in sync
    private bool _legFailure;

    public MirrorModel(int legs, int regions, MirrorFeatures features)
    {
        _legs = legs;
        _features = features;
        _errorCount = new int[legs];
        _errors = new MirrorErrorKinds[legs];
        _writesDead = new bool[legs];
        _readsDead = new bool[legs];
        _regionInSync = Enumerable.Repeat(true, regions).ToArray();
        _contents = new byte[legs, regions];
    }

    private bool HandleErrors => (_features & MirrorFeatures.HandleErrors) != 0;

    private bool KeepLog => (_features & MirrorFeatures.KeepLog) != 0;

    /// <summary>The health characters as device_status_char prints them.</summary>
    public string Health => new([.. Enumerable.Range(0, _legs).Select(HealthOf)]);

    /// <summary>How many regions are in sync.</summary>
    public int SyncCount => _regionInSync.Count(s => s);

    /// <summary>What leg <paramref name="leg"/> holds in <paramref name="region"/>.</summary>
    public byte Holds(int leg, int region) => _contents[leg, region];

    public void KillWrites(int leg) => _writesDead[leg] = true;

    public void KillReads(int leg) => _readsDead[leg] = true;

    /// <summary>A whole-region write: every leg when the region is in sync, else the default leg only.</summary>
    public ModelOutcome Write(int region, byte fill)
    {
        if (!_regionInSync[region])
        {
            if (_legFailure && HandleErrors && !KeepLog)
            {
                return Failure(); // do_writes puts it straight on the failures list
            }

            if (_writesDead[_default])
            {
                return ModelOutcome.Eio; // a plain remapped bio: its error goes back as it is, no fail_mirror
            }

            _contents[_default, region] = fill;
            return ModelOutcome.Ok;
        }

        bool failed = false;
        for (int leg = 0; leg < _legs; leg++)
        {
            if (_writesDead[leg])
            {
                failed = true;
            }
            else
            {
                _contents[leg, region] = fill;
            }
        }

        if (!failed)
        {
            return ModelOutcome.Ok;
        }

        for (int leg = 0; leg < _legs; leg++)
        {
            if (_writesDead[leg])
            {
                Fail(leg, MirrorErrorKinds.Write); // write_callback, in leg order
            }
        }

        _regionInSync[region] = false; // do_failures: dm_rh_mark_nosync
        return Failure();
    }

    /// <summary>
    /// A whole-region read; returns the outcome and, when it succeeded, the leg whose data it returned. An in-sync region
    /// is read from choose_mirror's leg, any other only from the default leg (do_reads). After each failure the read
    /// goes round again while the default leg (which fail_mirror may just have moved) is healthy or the region is in
    /// sync with a healthy leg left (default_ok || mirror_available).
    /// </summary>
    public (ModelOutcome Outcome, int Leg) Read(int region)
    {
        while (true)
        {
            int leg = _regionInSync[region] ? Choose() : _errorCount[_default] == 0 ? _default : -1;
            if (leg < 0)
            {
                return (ModelOutcome.Eio, -1);
            }

            if (!_readsDead[leg])
            {
                return (ModelOutcome.Ok, leg);
            }

            Fail(leg, MirrorErrorKinds.Read);
            if (!(_errorCount[_default] == 0 || (_regionInSync[region] && Choose() >= 0)))
            {
                return (ModelOutcome.Eio, -1);
            }
        }
    }

    private ModelOutcome Failure()
    {
        _inSync = false;
        if (Enumerable.Range(0, _legs).All(l => _errorCount[l] != 0))
        {
            return ModelOutcome.Eio;
        }

        return HandleErrors && !KeepLog ? ModelOutcome.Held : ModelOutcome.Ok;
    }

    // fail_mirror: count, record the kind; the first of a kind may move the default leg when errors are handled.
    private void Fail(int leg, MirrorErrorKinds kind)
    {
        _legFailure = true;
        _errorCount[leg]++;
        if ((_errors[leg] & kind) != 0)
        {
            return;
        }

        _errors[leg] |= kind;
        if (!HandleErrors || leg != _default || (!_inSync && !KeepLog))
        {
            return;
        }

        int valid = Array.FindIndex(_errorCount, c => c == 0);
        if (valid >= 0)
        {
            _default = valid;
        }
    }

    // choose_mirror: the default leg, else walking backwards from it, wrapping.
    private int Choose()
    {
        int leg = _default;
        do
        {
            if (_errorCount[leg] == 0)
            {
                return leg;
            }

            leg = leg == 0 ? _legs - 1 : leg - 1;
        }
        while (leg != _default);
        return -1;
    }

    private char HealthOf(int leg) =>
        _errorCount[leg] == 0 ? 'A'
        : (_errors[leg] & MirrorErrorKinds.Flush) != 0 ? 'F'
        : (_errors[leg] & MirrorErrorKinds.Write) != 0 ? 'D'
        : (_errors[leg] & MirrorErrorKinds.Sync) != 0 ? 'S'
        : (_errors[leg] & MirrorErrorKinds.Read) != 0 ? 'R'
        : 'U';
}
