using DmIo.VirtualDevices.Tables;

namespace DmIo.Simulation.Running;

/// <summary>What a suspend step waits for on the scheduler: the table device's suspend to complete.</summary>
internal sealed class SuspendCompletion : IoWaitCondition
{
    private readonly Task<int> _suspend; // TableDevice.SuspendAsync's task
    private readonly string _device;     // for the stall report

    /// <summary>Watches <paramref name="suspend"/>, the suspend of table device <paramref name="device"/>.</summary>
    public SuspendCompletion(Task<int> suspend, string device)
    {
        _suspend = suspend;
        _device = device;
        _suspend.ContinueWith(_ => Signal(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <inheritdoc />
    public override bool IsSatisfied => _suspend.IsCompleted;

    /// <inheritdoc />
    public override string Description => $"the suspend of '{_device}' (its bios in flight to complete)";
}
