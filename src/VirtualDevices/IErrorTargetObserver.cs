namespace DmIo.VirtualDevices;

/// <summary>
/// Told about every bio an <see cref="ErrorDevice"/> fails, just before it completes it, so a caller can log injected
/// failures (the fault-injection library records them) without the error target knowing about any log.
/// </summary>
public interface IErrorTargetObserver
{
    /// <summary>Called once for each bio <paramref name="device"/> fails, on the submitting thread, before the bio completes.</summary>
    /// <param name="device">The error target failing the bio.</param>
    /// <param name="bio">The bio, still uncompleted; the observer must not complete or keep it.</param>
    void Failing(ErrorDevice device, Bio bio);
}
