#!/usr/bin/env python3
"""A minimal client for `dmio-sim serve` (docs/PROTOCOL.md): drives the reference backend over JSON lines.

Run from the repository root:
    python3 examples/serve_client.py
It starts `dotnet run --project src/Cli -- serve`, builds a two-leg mirror whose second leg fails writes, submits
one async write, and prints the error bits the reference backend reports (2: region 1 failed).
"""
import json
import subprocess
import sys

command = sys.argv[1:] or ["dotnet", "run", "--project", "src/Cli", "--", "serve"]
server = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
next_id = 0


def call(cmd, **fields):
    """Sends one request and returns its response, failing loudly on an error response."""
    global next_id
    next_id += 1
    server.stdin.write(json.dumps({"id": next_id, "cmd": cmd, **fields}) + "\n")
    server.stdin.flush()
    response = json.loads(server.stdout.readline())
    assert response["id"] == next_id, response
    if not response["ok"]:
        raise RuntimeError(f"{cmd}: {response['error']}")
    return response


print(call("hello"))
call("start", seed=42)
call("create", device={"name": "d0", "backend": "memory", "sectors": 2048})
call("create", device={"name": "d1", "backend": "memory", "sectors": 2048})
call("create", device={"name": "leg1", "table": ["0 2048 rules d1 0"]})
call("inject", device="leg1", text="add name=dead op=write action=fail:ioerr")
call("submit", request="w", op="write", mode="async",
     regions=[{"device": "d0", "sector": 0, "count": 8}, {"device": "leg1", "sector": 0, "count": 8}])
call("wait", request="w")
outcome = call("result", request="w")["outcome"]
print("rc", outcome["rc"], "error_bits", outcome["error_bits"], "regions", [r["outcome"] for r in outcome["regions"]])
result = call("finish")["result"]
print("faults:", [(f["dev"], f["rule"], f["status"]) for f in result["faults"]])
call("quit")
server.wait()
