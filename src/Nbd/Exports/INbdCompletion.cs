namespace DmIo.Nbd.Exports;

/// <summary>Where an export reports the end of one request (see <see cref="INbdExport.Submit"/>).</summary>
public interface INbdCompletion
{
    /// <summary>Ends the request. Called once; must not block.</summary>
    /// <param name="errno">0 for success, otherwise a positive Linux errno (5 for EIO, 28 for ENOSPC).</param>
    /// <param name="message">For a failure, a line saying what failed, sent in a structured error chunk; null otherwise.</param>
    void Complete(int errno, string? message);
}
