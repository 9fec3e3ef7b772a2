namespace DmIo.Clients.Regions;

/// <summary>The states a mirror region can be in (6.12's <c>enum dm_rh_region_states</c>, with its values).</summary>
public enum RegionState
{
    /// <summary>In sync with no writes in flight (<c>DM_RH_CLEAN</c>).</summary>
    Clean = 0x01,

    /// <summary>In sync with writes in flight: the log has it marked (<c>DM_RH_DIRTY</c>).</summary>
    Dirty = 0x02,

    /// <summary>Out of sync: the legs may differ until it is recovered (<c>DM_RH_NOSYNC</c>).</summary>
    NoSync = 0x04,

    /// <summary>Being resynchronised: writes to it wait until recovery ends (<c>DM_RH_RECOVERING</c>).</summary>
    Recovering = 0x08,
}
