#!/usr/bin/env python3
"""Compares two BenchmarkDotNet result folders row by row and prints a markdown table.

Usage (from the repository root):
    python3 bench/compare_runs.py BEFORE-results-dir AFTER-results-dir
Each folder holds the CSV reports of a full run (BenchmarkDotNet.Artifacts/results). A row is one benchmark method
with its parameters; the table gives both means, the change of the mean, and both ratios to the baseline of the
same run. Rows only one run has are listed with a dash. Standard library only.
"""
import csv
import glob
import os
import sys

UNITS = {"ns": 1.0, "μs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}
# Columns BenchmarkDotNet writes that are not parameters of the benchmark.
NOT_PARAMETERS = {
    "Method", "Job", "AnalyzeLaunchVariance", "EvaluateOverhead", "MaxAbsoluteError", "MaxRelativeError",
    "MinInvokeCount", "MinIterationTime", "OutlierMode", "Affinity", "EnvironmentVariables", "Jit",
    "LargeAddressAware", "Platform", "PowerPlanMode", "Runtime", "AllowVeryLargeObjects", "Concurrent", "CpuGroups",
    "Force", "HeapAffinitizeMask", "HeapCount", "NoAffinitize", "RetainVm", "Server", "Arguments",
    "BuildConfiguration", "Clock", "EngineFactory", "NuGetReferences", "Toolchain", "IsMutator", "InvocationCount",
    "IterationCount", "IterationTime", "LaunchCount", "MaxIterationCount", "MaxWarmupIterationCount",
    "MemoryRandomization", "MinIterationCount", "MinWarmupIterationCount", "RunStrategy", "UnrollFactor",
    "WarmupCount", "Mean", "Error", "StdDev", "Ratio", "RatioSD", "Allocated", "Alloc Ratio", "Categories",
    "Median", "Gen0", "Gen1", "Gen2", "Op/s",
}


def nanoseconds(cell):
    value, unit = cell.replace(",", "").split()
    return float(value) * UNITS[unit]


def load(folder):
    rows = {}
    for path in sorted(glob.glob(os.path.join(folder, "*-report.csv"))):
        report = os.path.basename(path)[len("DmIo.Benchmarks."):-len("-report.csv")]
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                params = ", ".join(f"{k}={v}" for k, v in row.items() if k not in NOT_PARAMETERS)
                rows[(report, row["Method"], params)] = (nanoseconds(row["Mean"]), row.get("Ratio", "").strip())
    return rows


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: compare_runs.py BEFORE-results-dir AFTER-results-dir")
    before, after = load(sys.argv[1]), load(sys.argv[2])
    print("| Benchmark | Method | Parameters | Mean before | Mean after | Change | Ratio before | Ratio after |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for key in sorted(set(before) | set(after)):
        b, a = before.get(key), after.get(key)
        report, method, params = key
        mean_b = f"{b[0]:,.1f} ns" if b else "-"
        mean_a = f"{a[0]:,.1f} ns" if a else "-"
        change = f"{(a[0] / b[0] - 1) * 100:+.0f}%" if a and b else "-"
        print(f"| {report} | {method} | {params} | {mean_b} | {mean_a} | {change} | {b[1] if b else '-'} | {a[1] if a else '-'} |")


if __name__ == "__main__":
    main()
