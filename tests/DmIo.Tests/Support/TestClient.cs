namespace DmIo.Tests.Support;

/// <summary>Clients for tests: real threads, but a sync wait that never ends fails after 30 s instead of hanging the run.</summary>
public static class TestClient
{
    public static readonly RealTimeScheduler Scheduler = new() { WaitTimeout = TimeSpan.FromSeconds(30) };

    public static DmIoClient Create(int pages = 1) => DmIoClient.Create(pages, Scheduler);

    public static DmIoClient WithIoCapacity(int ios) => DmIoClient.CreateWithIoCapacity(ios, Scheduler);
}
