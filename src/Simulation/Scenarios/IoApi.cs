namespace DmIo.Simulation.Scenarios;

/// <summary>Which entry point a request step goes through.</summary>
public enum IoApi
{
    /// <summary>The unified <c>dm_io()</c> request API over a client.</summary>
    Request,

    /// <summary>The seed's legacy calls (<c>dm_io_sync</c>, <c>dm_io_async_bvec</c>, ...) over the legacy pool.</summary>
    Legacy,
}
