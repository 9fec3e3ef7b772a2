#!/usr/bin/env python3
"""Draws docs/performance-scaling.svg and prints the scaling table from BenchmarkDotNet's CSV reports.

Usage (from the repository root, after a run that included the Scaling* benchmarks):
    python3 bench/plot_scaling.py [results-dir] [output.svg]
Defaults: BenchmarkDotNet.Artifacts/results and docs/performance-scaling.svg. Standard library only.
"""
import csv
import math
import os
import sys

UNITS = {"ns": 1.0, "μs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}

PANELS = [
    # (report name, parameter column, x-axis title, how to print an x value)
    ("ScalingRegionsBenchmarks", "Regions", "regions per request (4 KiB each)", lambda v: str(int(v))),
    ("ScalingSizeBenchmarks", "Size", "request size", lambda v: f"{int(v) // 1024} KiB" if v < 1 << 20 else f"{int(v) >> 20} MiB"),
    ("ScalingConcurrencyBenchmarks", "InFlight", "requests in flight (4 KiB each)", lambda v: str(int(v))),
]
SERIES = [("DmIoWrite", "dm-io", "#c0392b"), ("DmIoAsyncWrites", "dm-io", "#c0392b"), ("RawCopy", "raw copy (baseline)", "#2471a3")]


def nanoseconds(cell):
    value, unit = cell.replace(",", "").split()
    return float(value) * UNITS[unit]


def load(results, report, param):
    path = os.path.join(results, f"DmIo.Benchmarks.{report}-report.csv")
    rows = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows.setdefault(row["Method"], []).append((float(row[param]), nanoseconds(row["Mean"]), row["Ratio"]))
    return {m: sorted(points) for m, points in rows.items()}


def svg_panel(out, x0, data, title, fmt, width=300, height=230):
    xs = sorted({x for pts in data.values() for x, _, _ in pts})
    ys = [y for pts in data.values() for _, y, _ in pts]
    lx0, lx1 = math.log10(xs[0]), math.log10(xs[-1])
    ly0, ly1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    left, top, pw, ph = x0 + 55, 30, width - 70, height - 75

    def px(x):
        return left + (math.log10(x) - lx0) / ((lx1 - lx0) or 1) * pw

    def py(y):
        return top + ph - (math.log10(y) - ly0) / ((ly1 - ly0) or 1) * ph

    out.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>')
    for e in range(ly0, ly1 + 1):
        y = py(10 ** e)
        label = f"{10 ** e:g} ns" if e < 3 else (f"{10 ** (e - 3):g} µs" if e < 6 else f"{10 ** (e - 6):g} ms")
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#eee"/>')
        out.append(f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{label}</text>')
    for x in xs:
        out.append(f'<text x="{px(x):.1f}" y="{top + ph + 14}" font-size="9" text-anchor="middle">{fmt(x)}</text>')
    out.append(f'<text x="{left + pw / 2}" y="{top + ph + 32}" font-size="11" text-anchor="middle">{title}</text>')
    for method, _, color in SERIES:
        pts = data.get(method)
        if not pts:
            continue
        path = " ".join(f"{'M' if i == 0 else 'L'}{px(x):.1f},{py(y):.1f}" for i, (x, y, _) in enumerate(pts))
        dash = ' stroke-dasharray="5,3"' if method == "RawCopy" else ""
        out.append(f'<path d="{path}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
        for x, y, _ in pts:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{color}"/>')


def main():
    results = sys.argv[1] if len(sys.argv) > 1 else "BenchmarkDotNet.Artifacts/results"
    target = sys.argv[2] if len(sys.argv) > 2 else "docs/performance-scaling.svg"
    width, height = 3 * 300 + 20, 300
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           '<text x="10" y="18" font-size="13" font-weight="bold">dm-io time per request vs the raw copy of the same bytes (log-log; thread CPU time)</text>']
    table = []
    for i, (report, param, title, fmt) in enumerate(PANELS):
        data = load(results, report, param)
        svg_panel(out, 10 + i * 300, data, title, fmt)
        dmio = data.get("DmIoWrite") or data.get("DmIoAsyncWrites")
        raw = {x: y for x, y, _ in data["RawCopy"]}
        for x, y, ratio in dmio:
            table.append(f"| {param} | {fmt(x)} | {y:,.0f} ns | {raw[x]:,.0f} ns | {ratio} |")
    legend_y = height - 12
    out.append(f'<line x1="20" y1="{legend_y - 4}" x2="45" y2="{legend_y - 4}" stroke="#c0392b" stroke-width="2"/>')
    out.append(f'<text x="50" y="{legend_y}" font-size="11">dm-io (sync write; async with a queued device for in-flight)</text>')
    out.append(f'<line x1="420" y1="{legend_y - 4}" x2="445" y2="{legend_y - 4}" stroke="#2471a3" stroke-width="2" stroke-dasharray="5,3"/>')
    out.append(f'<text x="450" y="{legend_y}" font-size="11">raw copy of the same bytes (baseline)</text>')
    out.append("</svg>")
    with open(target, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print("| Axis | Value | dm-io per request | Raw copy | Ratio |")
    print("|------|------:|------------------:|---------:|------:|")
    print("\n".join(table))
    print(f"\nwrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
