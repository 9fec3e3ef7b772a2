namespace DmIo.VirtualDevices;

/// <summary>
/// The suspend and resume hooks a device-mapper target may have (6.12's <c>presuspend</c>, <c>presuspend_undo</c>,
/// <c>postsuspend</c>, <c>preresume</c> and <c>resume</c> in <c>struct target_type</c>). A table device calls them in
/// the kernel's order when it is suspended (<c>dm_suspend</c>) and resumed (<c>dm_resume</c>). A target without
/// hooks does not implement this interface.
/// </summary>
public interface ISuspendableTarget
{
    /// <summary>
    /// Called first when the table device suspends, before it stops taking bios and waits for those in flight.
    /// </summary>
    /// <param name="noflush">
    /// True for a <c>--noflush</c> suspend: the target may complete held bios with
    /// <c>BLK_STS_DM_REQUEUE</c> so device-mapper core resubmits them after the resume (the kernel's
    /// <c>dm_noflush_suspending</c>, which stays true until the resume).
    /// </param>
    void Presuspend(bool noflush);

    /// <summary>Called when a suspend that already ran <see cref="Presuspend"/> fails and is undone.</summary>
    void PresuspendUndo()
    {
    }

    /// <summary>Called once the table device is suspended and nothing is in flight.</summary>
    void Postsuspend()
    {
    }

    /// <summary>Called before a suspended table device resumes; a negative errno refuses the resume.</summary>
    /// <returns>0, or a negative errno.</returns>
    int Preresume() => 0;

    /// <summary>Called when the table device resumes, before the bios held during the suspend are resubmitted.</summary>
    void Resume()
    {
    }
}
