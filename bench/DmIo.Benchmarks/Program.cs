using BenchmarkDotNet.Running;

// Benchmarks arrive with the performance issue; this entry point runs whatever is defined.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
