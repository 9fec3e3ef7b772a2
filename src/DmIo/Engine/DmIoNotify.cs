namespace DmIo;

/// <summary>
/// The completion callback of an async request (<c>io_notify_fn</c>): called exactly once, after the last bio
/// of the request completed, with bit <c>i</c> of <paramref name="errorBits"/> set iff region <c>i</c> failed.
/// </summary>
/// <param name="errorBits">One bit per region; bit i set iff some bio of region i completed with an error.</param>
/// <param name="context">The context the caller passed with the request.</param>
public delegate void DmIoNotify(ulong errorBits, object? context);
