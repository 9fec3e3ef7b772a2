using DmIo.Nbd.Exports;

namespace DmIo.Nbd.Tests.Support;

/// <summary>A fixed list of exports, the first one the default unless told otherwise.</summary>
internal sealed class TestCatalog(IReadOnlyList<INbdExport> exports, INbdExport? defaultExport) : INbdExportCatalog
{
    public TestCatalog(params INbdExport[] exports)
        : this(exports, exports.Length > 0 ? exports[0] : null)
    {
    }

    public IReadOnlyList<INbdExport> Exports { get; } = exports;

    public INbdExport? Default { get; } = defaultExport;
}
