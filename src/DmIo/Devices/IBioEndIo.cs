namespace DmIo;

/// <summary>
/// Receives a bio's completion (the kernel's <c>bi_end_io</c>). An interface rather than a delegate so that
/// pooled owners (the engine's io objects, stacked devices) complete bios without allocating.
/// </summary>
public interface IBioEndIo
{
    /// <summary>Called once when <paramref name="bio"/> completes; <see cref="Bio.Status"/> holds the outcome.</summary>
    /// <param name="bio">The completed bio.</param>
    void EndIo(Bio bio);
}

/// <summary>Adapts a delegate to <see cref="IBioEndIo"/>, for code that prefers lambdas to pooled owners.</summary>
/// <param name="onEndIo">The delegate to run at completion.</param>
public sealed class BioEndIoAction(Action<Bio> onEndIo) : IBioEndIo
{
    private readonly Action<Bio> _onEndIo = onEndIo ?? throw new ArgumentNullException(nameof(onEndIo));

    /// <inheritdoc />
    public void EndIo(Bio bio) => _onEndIo(bio);
}
