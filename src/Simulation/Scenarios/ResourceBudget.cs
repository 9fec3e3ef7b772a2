using System.Globalization;

namespace DmIo.Simulation.Scenarios;

/// <summary>
/// What a scenario or session has asked for so far, against its <see cref="ResourceLimits"/>. Each charge checks
/// first and changes the totals only when it passes, so a refused device or step leaves the budget as it was.
/// </summary>
internal sealed class ResourceBudget(ResourceLimits limits)
{
    private long _deviceBytes;  // memory backends' capacity so far
    private long _poolObjects;  // the legacy pool's size estimate: gets less puts, never below 0
    private long _steps;        // steps so far
    private long _virtualNs;    // advance steps' durations so far

    public ResourceLimits Limits => limits;

    /// <summary>The totals so far, to put back with <see cref="Restore"/> when a request is refused after a charge.</summary>
    public (long DeviceBytes, long PoolObjects, long Steps, long VirtualNs) Save() => (_deviceBytes, _poolObjects, _steps, _virtualNs);

    /// <summary>Puts back totals taken by <see cref="Save"/>.</summary>
    public void Restore((long DeviceBytes, long PoolObjects, long Steps, long VirtualNs) saved) =>
        (_deviceBytes, _poolObjects, _steps, _virtualNs) = saved;

    /// <summary>Charges a device: a memory backend's capacity counts against <see cref="ResourceLimits.MaxDeviceBytes"/>.</summary>
    public void Device(DeviceSpec spec, JsonField item)
    {
        if (spec.Kind != DeviceKind.Memory)
        {
            return;
        }

        long bytes = spec.Sectors * DmIoConstants.SectorSize; // sectors <= 2^40 at load, so no overflow
        if (bytes > limits.MaxDeviceBytes - _deviceBytes)
        {
            throw item.Member("sectors").Error(
                $"memory backends would hold {Bytes(_deviceBytes + bytes)}, past the limit of {Bytes(limits.MaxDeviceBytes)} (--max-device-bytes); " +
                "use a sparse backend for a large device");
        }

        _deviceBytes += bytes;
    }

    /// <summary>Checks the client's io pool size against <see cref="ResourceLimits.MaxPoolObjects"/>.</summary>
    public void Client(int ioCapacity, JsonField field)
    {
        if (ioCapacity > limits.MaxPoolObjects)
        {
            throw field.Error($"the client would hold {ioCapacity} io objects, past the limit of {limits.MaxPoolObjects} (--max-pool-objects)");
        }
    }

    /// <summary>Checks a read or write region's buffer, or a check step's bytes, against <see cref="ResourceLimits.MaxRequestBytes"/>.</summary>
    public void Buffer(long sectors, JsonField countField, string what)
    {
        if (sectors > limits.MaxRequestBytes / DmIoConstants.SectorSize)
        {
            throw countField.Error(
                $"{what} of {sectors} sectors needs a buffer of {Bytes(sectors * DmIoConstants.SectorSize)}, past the limit of {Bytes(limits.MaxRequestBytes)} (--max-request-bytes)");
        }
    }

    /// <summary>Charges a step: the step count, a pool step's io objects, an advance step's time.</summary>
    public void Step(StepSpec step, JsonField item)
    {
        if (_steps + 1 > limits.MaxSteps)
        {
            throw item.Error($"step {_steps} is past the limit of {limits.MaxSteps} steps (--max-steps)");
        }

        long pool = _poolObjects;
        long time = _virtualNs;
        switch (step)
        {
            case PoolStep { Get: > 0 } get:
                pool += (long)get.Get * DmIoClient.IosPerPage;
                if (pool > limits.MaxPoolObjects)
                {
                    throw item.Member("get").Error(
                        $"the legacy pool would hold {pool} io objects, past the limit of {limits.MaxPoolObjects} (--max-pool-objects)");
                }

                break;
            case PoolStep put:
                pool = Math.Max(0, pool - ((long)put.Put * DmIoClient.IosPerPage));
                break;
            case AdvanceStep advance:
                if (advance.Nanoseconds > limits.MaxVirtualNanoseconds - time)
                {
                    throw item.Member("by").Error(
                        $"the advance steps would move the clock past the limit of {Seconds(limits.MaxVirtualNanoseconds)} (--max-virtual-time)");
                }

                time += advance.Nanoseconds;
                break;
        }

        _steps++;
        _poolObjects = pool;
        _virtualNs = time;
    }

    private static string Bytes(long bytes)
    {
        string text = ResourceLimits.FormatBytes(bytes);
        return char.IsAsciiDigit(text[^1]) ? text + " bytes" : text;
    }

    private static string Seconds(long ns) => (ns / 1e9).ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
