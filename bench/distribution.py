#!/usr/bin/env python3
"""On paper, at scale: a plan of agent tasks on R CI runners, each job paying a start-up cost.

  distribution.py plan SEED N OUT      writes OUT/plan.json (lognormal durations, a few long chains, noisy estimates)
                                       and OUT/durations.json (what the tasks really take)
  distribution.py simulate OUT STARTUP R MATRIX...   prints one table row per runner count R, its chain shards read
                                       from MATRIX (the engine's own --emit=github-matrix for --shards=R)

Three ways to run the plan on R runners, each against the lower bound max(startup + critical path, startup + work / R):
  waves   level by level: one CI stage per DAG level, its tasks dealt over R jobs (longest first), a barrier between stages
  chains  the engine's chain shards (one job each, all started at once), tasks in order; a task whose dependency runs
          in another shard polls the remote as a worker does (200 ms, doubling, at most 10 s) until it is there
  dag     one job per task (Buildkite's depends_on): a task's job starts once its dependencies are done and a runner is
          free, longest remaining path first
"""
import heapq, json, math, random, sys


def make_plan(seed, n, out):
    rng = random.Random(seed)
    ids = [f"T{i:04d}" for i in range(n)]
    durations = {t: min(3600.0, max(30.0, rng.lognormvariate(math.log(300), 0.8))) for t in ids}
    deps = {t: [] for t in ids}
    chains, length = 5, 40
    for c in range(chains):  # a few long chains: 40 tasks each, one after the other
        members = ids[c * length:(c + 1) * length]
        for before, after in zip(members, members[1:]):
            deps[after].append(before)
    for i in range(chains * length, n):  # the rest: a sparse random DAG, 0-2 dependencies among recent tasks
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            j = rng.randrange(max(0, i - 150), i)
            if ids[j] not in deps[ids[i]]:
                deps[ids[i]].append(ids[j])
    tasks = [{"id": t, "description": f"task {t}", "depends_on": deps[t],
              "estimate_seconds": round(durations[t] * rng.lognormvariate(0, 0.5), 1)} for t in ids]
    json.dump({"tasks": tasks}, open(f"{out}/plan.json", "w"))
    json.dump(durations, open(f"{out}/durations.json", "w"))


def topo(deps):
    order, seen = [], set()
    for t in deps:  # plan order is already topological here
        order.append(t)
        seen.add(t)
    return order


def remaining_paths(deps, dur):
    dependents = {t: [] for t in deps}
    for t, ds in deps.items():
        for d in ds:
            dependents[d].append(t)
    rem = {}
    for t in reversed(topo(deps)):
        rem[t] = dur[t] + max((rem[s] for s in dependents[t]), default=0)
    return rem


def waves(deps, dur, startup, runners):
    level = {}
    for t in topo(deps):
        level[t] = 1 + max((level[d] for d in deps[t]), default=-1)
    total = 0.0
    for lv in range(max(level.values()) + 1):
        jobs = [0.0] * runners
        for t in sorted((t for t in deps if level[t] == lv), key=lambda t: -dur[t]):
            i = jobs.index(min(jobs))
            jobs[i] += dur[t]
        total += startup + max(jobs)
    return total


def noticed(ready, started):
    """When a worker polling since `started` (200 ms, doubling, capped at 10 s) first sees something ready at `ready`."""
    t, step = started, 0.2
    while t < ready:
        t += step
        step = min(step * 2, 10.0)
    return t


def chains(deps, dur, startup, shards):
    shard_of = {t: i for i, tasks in enumerate(shards) for t in tasks}
    finish, position = {}, [0] * len(shards)
    free = [startup] * len(shards)
    pending = sum(len(s) for s in shards)
    while pending:
        progressed = False
        for i, tasks in enumerate(shards):
            while position[i] < len(tasks):
                t = tasks[position[i]]
                if any(d not in finish for d in deps[t]):
                    break
                start = free[i]
                for d in deps[t]:
                    if shard_of[d] != i and finish[d] > start:
                        start = noticed(finish[d], start)
                    start = max(start, finish[d])
                finish[t] = start + dur[t]
                free[i] = finish[t]
                position[i] += 1
                pending -= 1
                progressed = True
        if not progressed:
            raise SystemExit("deadlock: a shard waits on a task queued behind it")
    return max(finish.values())


def dag(deps, dur, startup, runners):
    rem = remaining_paths(deps, dur)
    waiting = {t: len(ds) for t, ds in deps.items()}
    dependents = {t: [] for t in deps}
    for t, ds in deps.items():
        for d in ds:
            dependents[d].append(t)
    ready = [(-rem[t], t) for t in deps if waiting[t] == 0]
    heapq.heapify(ready)
    events, free, now = [], runners, 0.0
    while ready or events:
        while ready and free > 0:
            _, t = heapq.heappop(ready)
            free -= 1
            heapq.heappush(events, (now + startup + dur[t], t))
        now, t = heapq.heappop(events)
        free += 1
        for s in dependents[t]:
            waiting[s] -= 1
            if waiting[s] == 0:
                heapq.heappush(ready, (-rem[s], s))
    return now


def simulate(out, startup, pairs):
    plan = json.load(open(f"{out}/plan.json"))
    dur = json.load(open(f"{out}/durations.json"))
    deps = {t["id"]: t["depends_on"] for t in plan["tasks"]}
    critical = max(remaining_paths(deps, dur).values())
    work = sum(dur.values())
    for runners, matrix in pairs:
        shards = [m["tasks"].split(",") for m in json.load(open(matrix))["include"]]
        bound = max(startup + critical, startup + work / runners)
        w, c, d = waves(deps, dur, startup, runners), chains(deps, dur, startup, shards), dag(deps, dur, startup, runners)
        hours = lambda s: f"{s / 3600:.2f} h"
        print(f"| {runners} | {len(shards)} | {hours(bound)} | {hours(w)} ({w / bound:.2f}x) | {hours(c)} ({c / bound:.2f}x) | {hours(d)} ({d / bound:.2f}x) |")


if __name__ == "__main__":
    if sys.argv[1] == "plan":
        make_plan(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        rest = sys.argv[4:]
        simulate(sys.argv[2], float(sys.argv[3]), [(int(rest[i]), rest[i + 1]) for i in range(0, len(rest), 2)])
