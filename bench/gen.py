#!/usr/bin/env python3
"""Generates the benchmark inputs: a seeded random DAG (JSON plan + Makefile + its bounds) or a large plan."""
import json, math, random, sys


def random_dag(seed, n, m, out_dir):
    rng = random.Random(seed)
    durations = [round(min(3.0, max(0.3, rng.lognormvariate(math.log(1.0), 0.6))), 2) for _ in range(n)]
    deps = [sorted({f"T{j:02d}" for j in range(i) if rng.random() < 2.5 / max(i, 1)})[:3] for i in range(n)]
    ids = [f"T{i:02d}" for i in range(n)]
    tasks = [{"id": ids[i], "description": f"sleep {durations[i]}", "depends_on": deps[i], "parallel": True,
              "command": f"sleep {durations[i]}", "estimate_seconds": durations[i]} for i in range(n)]
    json.dump({"tasks": tasks}, open(f"{out_dir}/plan.json", "w"), indent=1)
    with open(f"{out_dir}/Makefile", "w") as make:
        make.write(f".PHONY: all {' '.join(ids)}\nall: {' '.join(ids)}\n")
        for i in range(n):
            make.write(f"{ids[i]}: {' '.join(deps[i])}\n\t@sleep {durations[i]}\n")
    finish = {}
    for i in range(n):
        finish[ids[i]] = durations[i] + max((finish[d] for d in deps[i]), default=0)
    critical, total = max(finish.values()), sum(durations)
    ours = simulate(ids, deps, durations, m)
    best = min([ours] + [simulate(ids, deps, durations, m, random.Random(k)) for k in range(20000)])
    print(f"{critical:.2f} {total:.2f} {max(critical, total / m):.2f} {ours:.2f} {best:.2f}")


def simulate(ids, deps, durations, m, shuffle=None):
    """The ready-queue schedule with zero overhead: longest remaining path first, or a random priority with shuffle."""
    index = {t: i for i, t in enumerate(ids)}
    dependents = {t: [] for t in ids}
    for i, ds in enumerate(deps):
        for d in ds:
            dependents[d].append(ids[i])
    remaining = {}
    for t in reversed(ids):
        remaining[t] = durations[index[t]] + max((remaining[d] for d in dependents[t]), default=0)
    if shuffle is not None:
        remaining = {t: shuffle.random() for t in ids}
    waiting = {ids[i]: len(deps[i]) for i in range(len(ids))}
    ready = [t for t in ids if waiting[t] == 0]
    running, clock = [], 0.0
    while ready or running:
        ready.sort(key=lambda t: (-remaining[t], index[t]))
        while ready and len(running) < m:
            t = ready.pop(0)
            running.append((clock + durations[index[t]], t))
        running.sort()
        clock, done = running.pop(0)
        for d in dependents[done]:
            waiting[d] -= 1
            if waiting[d] == 0:
                ready.append(d)
    return clock


def big_plan(seed, n, path):
    rng = random.Random(seed)
    tasks = []
    for i in range(n):
        deps = sorted({f"T{rng.randrange(i):05d}" for _ in range(min(i, rng.randrange(0, 4)))})
        tasks.append({"id": f"T{i:05d}", "description": f"Task {i} in src/module{i % 97}/file{i}.py",
                      "depends_on": deps, "files": [f"src/module{i % 97}/file{i}.py"], "parallel": True,
                      "command": "true", "estimate_seconds": 1 + i % 7})
    json.dump({"tasks": tasks}, open(path, "w"))


def noop_plan(n, path):
    tasks = [{"id": f"N{i:02d}", "description": f"no-op {i}", "depends_on": [], "parallel": True,
              "command": f"touch N{i:02d}.txt"} for i in range(n)]
    json.dump({"tasks": tasks}, open(path, "w"))


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "dag":
        random_dag(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    elif kind == "big":
        big_plan(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        noop_plan(int(sys.argv[2]), sys.argv[3])
