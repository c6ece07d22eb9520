"""The comparison scenarios in Python's asyncio, run by gather4j-bench's Compare.

Usage: bench_asyncio.py SCENARIO FLAVOUR N ROUNDS SLEEP_B SLEEP_C
Prints one line per round: "sample SECONDS EXTRA ok|wrong NOTE...".
FLAVOUR is "gather" (asyncio.gather) or "taskgroup" (asyncio.TaskGroup, Python 3.11+).
"""
import asyncio
import sys
import time

scenario, flavour, n, rounds, sleep_b, sleep_c = (
    sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]))


async def run_all(coros):
    if flavour == "gather":
        return await asyncio.gather(*coros)
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(c) for c in coros]
    return [t.result() for t in tasks]


async def noop(i):
    return i


async def sleeper(i, seconds):
    await asyncio.sleep(seconds)
    return i


async def one_round():
    if scenario == "noop":
        start = time.perf_counter()
        results = await run_all([noop(i) for i in range(n)])
        return time.perf_counter() - start, float("nan"), results == list(range(n)), ""
    if scenario == "sleep":
        start = time.perf_counter()
        results = await run_all([sleeper(i, sleep_b) for i in range(n)])
        return time.perf_counter() - start - sleep_b, float("nan"), results == list(range(n)), ""
    if scenario == "failfast":
        ended = 0

        async def sibling(i):
            nonlocal ended
            try:
                await asyncio.sleep(sleep_c)
                return i
            finally:
                ended += 1

        async def failing():
            await asyncio.sleep(0.05)
            raise RuntimeError("task n fails")

        coros = [sibling(i) for i in range(n)]
        coros.insert(n // 2, failing())
        start = time.perf_counter()
        correct = False
        try:
            await run_all(coros)
        except* RuntimeError:
            correct = True
        elapsed = time.perf_counter() - start
        at_throw = ended
        while ended < n:  # gather leaves them running: wait before the next round
            await asyncio.sleep(0.01)
        note = "all ended" if at_throw == n else f"{n - at_throw} still running"
        return elapsed, 1.0 if at_throw == n else 0.0, correct, note
    if scenario == "limit":
        semaphore = asyncio.Semaphore(100)

        async def limited(i):
            async with semaphore:
                await asyncio.sleep(0.01)
                return i

        start = time.perf_counter()
        results = await run_all([limited(i) for i in range(n)])
        return time.perf_counter() - start, 0.0, results == list(range(n)), "semaphore"
    raise SystemExit(f"unknown scenario {scenario}")


for _ in range(rounds):
    seconds, extra, ok, note = asyncio.run(one_round())
    print(f"sample {seconds} {extra} {'ok' if ok else 'wrong'} {note}".rstrip())
