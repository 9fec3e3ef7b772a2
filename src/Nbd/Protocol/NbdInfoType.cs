namespace DmIo.Nbd.Protocol;

/// <summary>The information types of NBD_REP_INFO, with their values on the wire.</summary>
public enum NbdInfoType : ushort
{
    /// <summary>NBD_INFO_EXPORT: size and transmission flags.</summary>
    Export = 0,

    /// <summary>NBD_INFO_NAME: the export's name.</summary>
    Name = 1,

    /// <summary>NBD_INFO_DESCRIPTION: the export's description.</summary>
    Description = 2,

    /// <summary>NBD_INFO_BLOCK_SIZE: minimum, preferred and maximum block sizes.</summary>
    BlockSize = 3,
}
