#!/usr/bin/env python3
"""Loading against Python's `json.load` (issue 6, section 5): whole `trustmap validate FILE` and
`trustmap check --format json FILE` processes, timed from outside, interleaved with an in-process
`json.load` of the same file, medians of ROUNDS (default 15).

    python3 benches/loading.py [--rounds N] BINARY[,BINARY...] FILE...

Several binaries (an older build and this one, say) are run alternately in the same rounds, so a busy
host slows them all alike. Files come from the analysis bench:

    cargo bench --no-default-features --bench analysis -- --random --write 5000 random-5k.json
    cargo bench --no-default-features --bench analysis -- --write 5000 realistic-5k.json
"""

import json
import statistics
import subprocess
import sys
import time


def main(argv):
    rounds = 15
    if len(argv) > 1 and argv[0] == "--rounds":
        rounds, argv = int(argv[1]), argv[2:]
    if len(argv) < 2:
        sys.exit(__doc__)
    binaries, files = argv[0].split(","), argv[1:]
    commands = {"validate": ["validate"], "check --format json": ["check", "--format", "json"]}
    for path in files:
        loads = []
        times = {(b, c): [] for b in binaries for c in commands}
        for _ in range(rounds):
            with open(path, encoding="utf-8") as handle:
                start = time.perf_counter()
                json.load(handle)
                loads.append(time.perf_counter() - start)
            for binary in binaries:
                for name, args in commands.items():
                    start = time.perf_counter()
                    done = subprocess.run([binary, *args, path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                    times[(binary, name)].append(time.perf_counter() - start)
                    if done.returncode != 0:
                        sys.exit(f"{binary} {name} {path}: exit {done.returncode}: {done.stderr.decode()}")
        base = statistics.median(loads)
        print(f"{path}: json.load {base * 1e3:.1f} ms (median of {rounds}, min {min(loads) * 1e3:.1f})")
        for binary in binaries:
            shown = []
            for name in commands:
                median = statistics.median(times[(binary, name)])
                shown.append(f"{name} {median * 1e3:.1f} ms ({median / base:.2f}x)")
            print(f"  {binary}: " + "; ".join(shown))


if __name__ == "__main__":
    main(sys.argv[1:])
