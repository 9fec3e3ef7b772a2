#!/usr/bin/env python3
"""Builds fuzz/corpus/<target>/ from the repository's approved inputs (run from anywhere; rewrites the folders).

scenario: the approved scenarios (tests/Scenarios/scenarios/*.json) and examples/*.json, compacted (no description,
          no whitespace) so afl-fuzz mutates the structure rather than prose.
table:    every table of those scenarios and the table lines of docs/*.md, device names mapped onto the fuzz
          target's backends (a, b: 2048 sectors; d0, d1: 4096; mem0, mem1: 2^22; z: 2^30), some with I/O after '%%'.
messages: the dust and rule messages of the scenarios and docs/FAULTS-TARGETS.md, the flakey lines as reloads,
          interleaved with I/O.
serve:    the docs/PROTOCOL.md example session, the serve test script (tests/Cli.Tests/Reliability/ServeScript.cs)
          and each line of the serve bad-line catalogue after that script's setup.
"""
import glob
import json
import os
import re
import shutil

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
corpus = os.path.join(root, "fuzz", "corpus")


def write(target, name, text):
    folder = os.path.join(corpus, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def scenarios():
    files = sorted(f for f in glob.glob(os.path.join(root, "tests/Scenarios/scenarios/*.json")) if ".verified." not in f)
    return files + sorted(glob.glob(os.path.join(root, "examples/*.json")))


for target in ("scenario", "table", "messages", "serve"):
    shutil.rmtree(os.path.join(corpus, target), ignore_errors=True)

# --- scenario ---------------------------------------------------------------------------------------------------
for path in scenarios():
    doc = json.load(open(path, encoding="utf-8"))
    doc.pop("description", None)
    text = json.dumps(doc, separators=(",", ":"))
    if len(text) <= 16 * 1024:
        write("scenario", os.path.basename(path), text)

# --- table --------------------------------------------------------------------------------------------------------
rename = {"disk": "a", "media": "a", "m1": "a", "disk0": "a", "s0": "a", "src": "a",
          "media2": "b", "m2": "b", "disk1": "b", "s1": "b", "wc2": "b", "d2": "d1", "disk2": "d1"}


def mapped(line):
    words = line.split()
    return " ".join(rename.get(w, w) for w in words)


tables = []
for path in scenarios():
    for device in json.load(open(path, encoding="utf-8")).get("devices", []):
        if "table" in device:
            tables.append([mapped(l) for l in device["table"]])
for doc in glob.glob(os.path.join(root, "docs/*.md")):
    block = []
    for line in open(doc, encoding="utf-8"):
        line = line.strip()
        if re.match(r"^\d+ \d+ [a-z_]+( |$)", line):
            block.append(line)
        elif block:
            tables.append(block)
            block = []
seen = set()
io = ["write t 0 8", "read t 0 8", "fua t 8 8", "preflush t 16 8", "flush t", "discard t 0 8", "zeroes t 8 8",
      "async-write t 0 16", "advance 2000", "async-read t 0 16", "mirror t a 0 8"]
for i, table in enumerate(tables):
    key = "\n".join(table)
    if key in seen:
        continue
    seen.add(key)
    target = table[0].split()[2]
    write("table", f"{len(seen):02d}-{target}", key + "\n")
    if len(seen) % 3 == 0:
        write("table", f"{len(seen):02d}-{target}-io", key + "\n%%\n" + "\n".join(io[len(seen) % 4:][:6]) + "\n")

# --- messages -----------------------------------------------------------------------------------------------------
dust_words = {"addbadblock", "removebadblock", "queryblock", "countbadblocks", "clearbadblocks", "listbadblocks",
              "enable", "disable", "quiet", "frobnicate"}
for path in scenarios():
    lines = []
    for step in json.load(open(path, encoding="utf-8")).get("steps", []):
        if step.get("do") == "message":
            text = step["text"]
            lines.append(("dust " if text.split()[0] in dust_words else "rules ") + text)
            lines.append("read dust 0 8" if lines[-1].startswith("dust") else "write rules 0 8")
    if lines:
        write("messages", os.path.basename(path).replace(".json", ""), "\n".join(lines) + "\n")
docs_dust = ["dust addbadblock 60", "dust enable", "read dust 480 8", "dust countbadblocks", "dust addbadblock 7 3",
             "write dust 56 8", "write dust 56 8", "dust queryblock 7", "dust listbadblocks", "dust removebadblock 60",
             "dust quiet", "dust clearbadblocks", "dust disable"]
write("messages", "docs-dust", "\n".join(docs_dust) + "\n")
docs_rules = ["rules add name=r1 op=write sectors=0-99 nth=3 action=fail:ioerr",
              "rules add name=r2 op=read,write flags=fua prob=25% from=1ms until=2s action=delay:5ms",
              "rules add name=r3 every=2 prob=0.5 action=corrupt:4", "rules add name=r4 sectors=8 action=tear:any:ioerr",
              "rules add name=r5 op=write action=misdirect:+8", "rules add name=r6 action=misdirect:100",
              "rules add name=r7 op=discard action=drop", "write rules 0 16", "fua rules 8 8", "read rules 0 16",
              "discard rules 0 8", "advance 3000", "rules list", "rules remove r1", "rules clear"]
write("messages", "docs-rules", "\n".join(docs_rules) + "\n")
flakey = ["flakey s2 0 1 1", "flakey s2 0 0 5 6 drop_writes corrupt_bio_byte 32 r 1 0", "flakey s2 0 1 1 1 error_reads",
          "flakey s2 0 30 5 5 corrupt_bio_byte 32 r 1 0", "flakey s2 0 0 5 2 random_read_corrupt 1000000000",
          "flakey s2 0 0 5 2 random_write_corrupt 1000000000", "flakey s2 0 1 1 1 error_writes"]
for i, line in enumerate(flakey):
    write("messages", f"flakey-{i}", "\n".join([line, "write flakey 0 8", "advance 1500", "read flakey 0 8", "write flakey 8 8",
                                                 "advance 1000", "flush flakey"]) + "\n")

# --- serve --------------------------------------------------------------------------------------------------------
protocol = [l[2:] for l in open(os.path.join(root, "docs/PROTOCOL.md"), encoding="utf-8") if l.startswith("> {")]
# Small devices: the serve target digests the media after every line, so 2048-sector disks would slow it down 8x.
def small(line):
    return line.replace('"sectors":2048', '"sectors":256').replace('"0 2048 ', '"0 256 ')


protocol = [small(l) for l in protocol]
write("serve", "protocol-example", "".join(protocol))
script = open(os.path.join(root, "tests/Cli.Tests/Reliability/ServeScript.cs"), encoding="utf-8").read()
script_lines = [small(l) for l in re.findall(r'^\s*"""(\{.*\})""",?$', script, re.M)]
write("serve", "serve-script", "\n".join(script_lines) + "\n")
setup = script_lines[:6]
catalogue = open(os.path.join(root, "tests/Cli.Tests/Reliability/ServeProtocolCatalogueTests.cs"), encoding="utf-8").read()
d0 = '{"device":"d0","sector":0,"count":8}'
for i, m in enumerate(re.finditer(r'\{ "[^"]+", ("""(.*?)"""( \+ D0 \+ "\]\}")?)', catalogue)):
    line = m.group(2) + (d0 + "]}" if m.group(3) else "")
    write("serve", f"catalogue-{i:02d}", "\n".join(setup + [line, '{"cmd":"wait","request":"w"}', '{"cmd":"finish"}']) + "\n")
