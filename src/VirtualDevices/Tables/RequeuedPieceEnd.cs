namespace DmIo.VirtualDevices.Tables;

/// <summary>
/// Completes a pushed-back piece into the bio it was cut from (the <c>bio_chain</c> of 6.12's <c>dm_io_rewind</c>):
/// once resubmitted and done, the piece pays the original the one completion it owed for that range.
/// </summary>
internal sealed class RequeuedPieceEnd : IBioEndIo
{
    /// <summary>The one instance: the original travels in the piece's <see cref="Bio.Private"/>.</summary>
    public static readonly RequeuedPieceEnd Instance = new();

    private RequeuedPieceEnd()
    {
    }

    /// <inheritdoc />
    public void EndIo(Bio bio) => ((Bio)bio.Private!).Complete(bio.Status);
}
