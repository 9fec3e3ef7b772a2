using System.Diagnostics;
using System.Linq.Expressions;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace DmIo.Benchmarks.Support;

/// <summary>
/// Runs one benchmark method in a tight loop, outside BenchmarkDotNet, for a sampling profiler to attach to:
/// <c>DOTNET_PerfMapEnabled=1 perf record -g dotnet DmIo.Benchmarks.dll --profile SyncSmallIoBenchmarks.VmWrite 5</c>.
/// It prints the mean time per call, which doubles as a Stopwatch breakdown when run method by method.
/// </summary>
public static class ProfileLoop
{
    /// <summary>Runs <paramref name="target"/> (<c>Class.Method</c>) for <paramref name="seconds"/> seconds.</summary>
    /// <param name="target">The benchmark class and method, as <c>SyncSmallIoBenchmarks.VmWrite</c>.</param>
    /// <param name="seconds">How long to loop.</param>
    /// <param name="parameters">Optional <c>Name=value</c> assignments for [Params] properties.</param>
    /// <returns>The process exit code.</returns>
    public static int Run(string target, double seconds, IEnumerable<string> parameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        string[] parts = target.Split('.');
        if (parts.Length != 2)
        {
            throw new ArgumentException($"Expected Class.Method, got '{target}'.", nameof(target));
        }

        Type type = typeof(ProfileLoop).Assembly.GetTypes().SingleOrDefault(t => t.Name == parts[0])
            ?? throw new ArgumentException($"No benchmark class named '{parts[0]}'.", nameof(target));
        MethodInfo method = type.GetMethod(parts[1]) ?? throw new ArgumentException($"{type.Name} has no method '{parts[1]}'.", nameof(target));
        object instance = Activator.CreateInstance(type)!;
        foreach (string assignment in parameters)
        {
            string[] kv = assignment.Split('=', 2);
            PropertyInfo property = type.GetProperty(kv[0]) ?? throw new ArgumentException($"{type.Name} has no property '{kv[0]}'.", nameof(parameters));
            property.SetValue(instance, Convert.ChangeType(kv[1], property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));
        }

        Invoke(Find<GlobalSetupAttribute>(type), instance);
        MethodInfo[] iterationSetup = Find<IterationSetupAttribute>(type);
        MethodInfo[] iterationCleanup = Find<IterationCleanupAttribute>(type);
        int operationsPerInvoke = method.GetCustomAttribute<BenchmarkAttribute>()?.OperationsPerInvoke ?? 1;
        // A compiled call, not MethodInfo.Invoke: reflection would cost more than the I/O being profiled.
        Action call = Expression.Lambda<Action>(Expression.Call(Expression.Constant(instance), method)).Compile();
        for (int i = 0; i < 1000; i++)
        {
            InvokeIteration(iterationSetup, iterationCleanup, instance, call);
        }

        long calls = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            // Read the clock once per batch: reading it per call would cost as much as a small I/O.
            for (int i = 0; i < 1024; i++)
            {
                InvokeIteration(iterationSetup, iterationCleanup, instance, call);
            }

            calls += 1024;
        }

        double nsPerOp = clock.Elapsed.TotalNanoseconds / (calls * (double)operationsPerInvoke);
        Console.WriteLine($"{target}: {calls * operationsPerInvoke:N0} operations, {nsPerOp:F1} ns/op, {1e9 / nsPerOp:N0} op/s");
        Invoke(Find<GlobalCleanupAttribute>(type), instance);
        return 0;
    }

    private static void InvokeIteration(MethodInfo[] setup, MethodInfo[] cleanup, object instance, Action call)
    {
        Invoke(setup, instance);
        call();
        Invoke(cleanup, instance);
    }

    private static MethodInfo[] Find<TAttribute>(Type type)
        where TAttribute : Attribute =>
        type.GetMethods().Where(m => m.GetCustomAttribute<TAttribute>() != null).ToArray();

    private static void Invoke(MethodInfo[] methods, object instance)
    {
        foreach (MethodInfo m in methods)
        {
            m.Invoke(instance, null);
        }
    }
}
