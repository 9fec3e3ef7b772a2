namespace DmIo.Clients.Mirror;

/// <summary>The suspend and resume hooks (<c>mirror_presuspend</c>, <c>mirror_postsuspend</c>, <c>mirror_resume</c>).</summary>
public sealed partial class MirrorTarget
{
    /// <summary>
    /// Stops the mirror for a suspend (<c>mirror_presuspend</c>): held writes complete now (EIO, or requeued by dm core
    /// on a noflush suspend), recovery stops and the copies in flight finish, the log is told, and the worker drains.
    /// </summary>
    /// <param name="noflush">True for a noflush suspend.</param>
    public void Presuspend(bool noflush)
    {
        List<MirrorBio> holds;
        lock (_lock)
        {
            _suspending = true;
            _noflushSuspending = noflush;
            (holds, _holds) = (_holds, []);
        }

        foreach (MirrorBio record in holds)
        {
            HoldBio(record);
        }

        _rh.StopRecovery();
        _scheduler.WaitUntil(_recoveryStopped!);
        if (_log.Presuspend() != 0)
        {
            KernelMessage("log presuspend failed");
        }

        _scheduler.WaitUntil(_workerIdle!);
    }

    /// <summary>Tells the log the mirror is suspended (<c>mirror_postsuspend</c>).</summary>
    public void Postsuspend()
    {
        if (_log.Postsuspend() != 0)
        {
            KernelMessage("log postsuspend failed");
        }
    }

    /// <summary>Resumes the mirror (<c>mirror_resume</c>): the log reads its state back and recovery starts again.</summary>
    public void Resume()
    {
        lock (_lock)
        {
            _activated = true; // a resume before the worker's first run is the activating one
        }

        ResumeCore();
    }

    private void ResumeCore()
    {
        lock (_lock)
        {
            _suspending = false;
            _noflushSuspending = false;
        }

        if (_log.Resume() != 0)
        {
            KernelMessage("log resume failed");
        }

        _rh.StartRecovery();
    }

    private bool WorkerIsIdle()
    {
        lock (_lock)
        {
            return !_workQueued && !_workerRunning;
        }
    }
}
