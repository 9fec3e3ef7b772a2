using DmIo.Nbd.Exports;

namespace DmIo.Nbd.Server;

/// <summary>What a successful handshake chose: the export to serve and whether replies are structured.</summary>
internal sealed record NbdHandshakeResult(INbdExport Export, bool StructuredReplies);
