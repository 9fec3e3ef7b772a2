namespace DmIo.Clients.Kcopyd;

/// <summary>
/// What kcopyd calls exactly once when a copy or zero job ends (the kernel's <c>dm_kcopyd_notify_fn</c>).
/// </summary>
/// <param name="readError">True when reading the source failed (the kernel's <c>read_err</c>).</param>
/// <param name="writeErrors">Bit <c>i</c> set when writing destination <c>i</c> failed (the kernel's <c>write_err</c>).</param>
/// <param name="context">The context given with the job.</param>
public delegate void KcopydNotify(bool readError, ulong writeErrors, object? context);
