namespace DmIo.Nbd.Exports;

/// <summary>The exports a server offers, in the order NBD_OPT_LIST lists them.</summary>
public interface INbdExportCatalog
{
    /// <summary>Every export.</summary>
    IReadOnlyList<INbdExport> Exports { get; }

    /// <summary>The export a client gets when it asks for the empty name; null when it gets an error instead.</summary>
    INbdExport? Default { get; }
}
