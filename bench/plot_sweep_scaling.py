#!/usr/bin/env python3
"""Draw docs/sweep-scaling.svg from the SweepSeedScalingBenchmarks table in docs/PERFORMANCE.md.

Reads the rows of the table under "How the cost scales (`SweepSeedScalingBenchmarks`)" (requests, disk, engine
baseline, seed cost) and plots per-seed cost against requests per scenario, one line per disk size, with the engine
baseline dashed. No dependencies beyond Python 3.
"""
import re
import sys

doc = open("docs/PERFORMANCE.md", encoding="utf-8").read()
section = doc.split("### How the cost scales (`SweepSeedScalingBenchmarks`)", 1)[1].split("\n### ", 1)[0]
rows = []
for line in section.splitlines():
    m = re.match(r"\|\s*\d+ \((\d+)\)\s*\|\s*(\d+) (MiB|GiB)\s*\|\s*([\d.]+) us\s*\|\s*([\d.]+) us\s*\|", line)
    if m:
        mib = int(m.group(2)) * (1024 if m.group(3) == "GiB" else 1)
        rows.append((int(m.group(1)), mib, float(m.group(4)), float(m.group(5))))
if not rows:
    sys.exit("no SweepSeedScalingBenchmarks rows found in docs/PERFORMANCE.md")

W, H, L, B = 640, 400, 70, 50
xs = sorted({r[0] for r in rows})
ymax = max(r[3] for r in rows) * 1.1
def px(x): return L + (W - L - 20) * (xs.index(x) / (len(xs) - 1))
def py(y): return H - B - (H - B - 30) * (y / ymax)
colours = {1: "#1f77b4", 64: "#2ca02c", 1024: "#d62728"}
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{W/2}" y="18" text-anchor="middle" font-size="14">Per-seed CPU cost vs. requests per scenario (demo-mirror, verdict only)</text>',
       f'<line x1="{L}" y1="{H-B}" x2="{W-20}" y2="{H-B}" stroke="black"/>',
       f'<line x1="{L}" y1="{H-B}" x2="{L}" y2="30" stroke="black"/>',
       f'<text x="{W/2}" y="{H-12}" text-anchor="middle">requests per scenario</text>',
       f'<text x="16" y="{H/2}" transform="rotate(-90 16 {H/2})" text-anchor="middle">µs per seed</text>']
for x in xs:
    out.append(f'<text x="{px(x)}" y="{H-B+16}" text-anchor="middle">{x}</text>')
for t in range(0, int(ymax) + 1, 50):
    out.append(f'<text x="{L-6}" y="{py(t)+4}" text-anchor="end">{t}</text>')
    out.append(f'<line x1="{L}" y1="{py(t)}" x2="{W-20}" y2="{py(t)}" stroke="#eee"/>')
for i, mib in enumerate(sorted({r[1] for r in rows})):
    pts = sorted((r[0], r[3]) for r in rows if r[1] == mib)
    c = colours.get(mib, "#555")
    out.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="{" ".join(f"{px(x)},{py(y)}" for x, y in pts)}"/>')
    label = f"{mib // 1024} GiB disks" if mib >= 1024 else f"{mib} MiB disks"
    out.append(f'<text x="{L+10}" y="{40+16*i}" fill="{c}">{label}</text>')
base = sorted({(r[0], r[2]) for r in rows if r[1] == min(r[1] for r in rows)})
out.append(f'<polyline fill="none" stroke="black" stroke-dasharray="5,4" points="{" ".join(f"{px(x)},{py(y)}" for x, y in base)}"/>')
out.append(f'<text x="{L+10}" y="{40+16*3}">dashed: the same requests on the engine (baseline)</text>')
out.append("</svg>")
open("docs/sweep-scaling.svg", "w", encoding="utf-8").write("\n".join(out) + "\n")
print(f"docs/sweep-scaling.svg: {len(rows)} rows")
