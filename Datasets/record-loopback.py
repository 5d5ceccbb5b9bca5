#!/usr/bin/env python3
"""Record advisor's embedded default request trace from real redis-server processes on loopback.

What this does (standard library only; needs /usr/bin/redis-server, redis-cli, taskset):

1. Starts N=4 real `redis-server` processes on free loopback ports in a temporary directory,
   with persistence off (`--save '' --appendonly no`). They are made different for real reasons:

   * redis-0 - baseline: no pinning, values as in the key trace (capped at 16 KiB).
   * redis-1 - CPU contention: `taskset -c 1 nice -n 10` pins it to core 1 at a lower CPU weight,
     and two CPU hogs (busy-loop python3 processes, `taskset -c 1`, nice 0) run on that same core
     for the whole run, so the server waits for its core behind them (a low-priority tenant next to
     CPU-bound neighbours). Measured here before choosing, with a 1-GET-per-15-ms probe: one hog at
     nice 0 is mostly hidden by the scheduler (p50/p75/p90/p99 0.19/0.21/1.1/8 ms); two hogs with
     nice 10 give 0.23/4.0/8.9/17 ms. Every process here is started in its own session, and with
     Linux autogroup scheduling (kernel.sched_autogroup_enabled=1) each session is its own
     scheduling group, where `nice` alone only acts inside the group; so the script also writes 10 to
     /proc/<pid>/autogroup of redis-1 (the group's nice), which is what makes the weight count.
   * redis-2 - bigger values and memory pressure: every value written to it is 8x larger (capped
     at 128 KiB instead of 16 KiB), under `--maxmemory 64mb --maxmemory-policy allkeys-lru`, so it
     moves more bytes per request and evicts keys continuously once full.
   * redis-3 - a recorded slow period: during [45 %, 65 %) of the run (20 %), a noisy tenant
     (`redis-cli -r -1 -i 0.005 EVAL <busy Lua loop> 0`) runs a CPU-bound Lua script of ~20 ms
     (loop count calibrated against this machine at start-up), then pauses 5 ms, repeatedly. Redis runs
     scripts on its single command thread, so requests that arrive meanwhile wait behind them.

2. Replays REAL recorded arrival times: the TIMESTAMP columns of both Azure LLM inference traces
   (AzureLLMInferenceTrace_conv.csv, 19,366 requests, and AzureLLMInferenceTrace_code.csv,
   8,819 requests; both 2023-11-16 ~18:15-19:14, merged into one stream of 28,185 arrivals),
   time-compressed by a constant factor so the whole replay lasts --duration seconds (default 180,
   factor ~19.5). Compression keeps the recorded burstiness (relative inter-arrival gaps).

3. For each arrival: picks a backend uniformly at random (fixed --seed), takes the next row of the
   CloudPhysics block trace (cloudPhysicsIO.csv) in recorded order: op 28 (READ) -> `GET lbn:<lbn>`,
   op 2a (WRITE) -> `SET lbn:<lbn> <value>` with value length = the row's size column (bytes) capped
   as above, and sends it as a raw RESP command on a socket taken from a per-backend pool of client
   connections (asyncio; a new connection is opened when all are busy), so requests overlap.

4. Records per request: timestamp (s since replay start, at send), backend, latency_ms
   (send -> full reply parsed), inflight (requests to that backend already in flight from this
   client at send, excluding this one), and the latest metrics of that backend, sampled every
   ~200 ms by a separate INFO connection per backend: cpu (delta of used_cpu_sys+used_cpu_user over
   the sampling interval / wall interval, i.e. cores used), connected_clients, used_memory_mb,
   ops_per_sec (instantaneous_ops_per_sec), and status (0 ok, 1 error reply or timeout).

Output: gzipped CSV with header
    timestamp,backend,latency_ms,inflight,cpu,connected_clients,used_memory_mb,ops_per_sec,status
rows in send-time order, written atomically (temp file + rename); plus README.md next to it with
the run's facts and per-backend summary. All servers, the hog and the noisy tenant are stopped on
exit, on Ctrl-C, SIGTERM and exceptions.

Honest label: recorded on loopback on one shared 2-core machine; real servers and real timings,
arrival pattern replayed from the Azure LLM inference 2023 traces; not production traffic.
"""

import argparse
import asyncio
import csv
import datetime
import gzip
import os
import platform
import random
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "datasets"))
DEFAULT_ARRIVALS = [
    os.path.join(SHARED, "azure-llm-inference-2023", "AzureLLMInferenceTrace_conv.csv"),
    os.path.join(SHARED, "azure-llm-inference-2023", "AzureLLMInferenceTrace_code.csv"),
]
DEFAULT_KEYS = os.path.join(SHARED, "cloudphysics-block-sample", "cloudPhysicsIO.csv")
DEFAULT_OUT = os.path.join(HERE, "loopback-redis", "requests.csv.gz")
HEADER = "timestamp,backend,latency_ms,inflight,cpu,connected_clients,used_memory_mb,ops_per_sec,status"

N_BACKENDS = 4
BASE_VALUE_CAP = 16 * 1024
BIG_VALUE_FACTOR = 8
BIG_VALUE_CAP = 128 * 1024
SLOW_LUA = "local x=0 for i=1,tonumber(ARGV[1]) do x=x+i end return 1"


# ---------------------------------------------------------------- inputs

def parse_azure_ts(s):
    # "2023-11-16 18:15:46.6805900" (7 fractional digits; fromisoformat wants <= 6)
    day, clock = s.strip().split(" ")
    h, m, sec = clock.split(":")
    d = datetime.date.fromisoformat(day)
    return (d.toordinal() * 86400.0) + int(h) * 3600 + int(m) * 60 + float(sec)


def load_arrivals(paths):
    ts = []
    for p in paths:
        with open(p, newline="") as f:
            r = csv.DictReader(f)
            for row in r:
                ts.append(parse_azure_ts(row["TIMESTAMP"]))
    ts.sort()
    t0 = ts[0]
    return [t - t0 for t in ts]


def load_keys(path, n):
    ops = []
    with open(path, newline="") as f:
        r = csv.DictReader(f)
        for row in r:
            ops.append((row["op"].strip().lower() == "2a", int(row["lbn"]), int(row["size"])))
            if len(ops) >= n:
                break
    return ops


# ---------------------------------------------------------------- processes

class Procs:
    def __init__(self):
        self.procs = []

    def start(self, argv, **kw):
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True, **kw)
        self.procs.append(p)
        return p

    def stop(self, p):
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait()

    def stop_all(self):
        for p in reversed(self.procs):
            self.stop(p)
        self.procs = []


def set_autogroup_nice(pid, nice):
    """With autogroup scheduling, nice only matters inside a session's group: set the group's nice."""
    path = "/proc/%d/autogroup" % pid
    if not os.path.exists(path):
        return False
    try:
        with open(path, "w") as f:
            f.write(str(nice))
        return True
    except OSError as e:
        print("warning: could not set %s: %s" % (path, e), file=sys.stderr)
        return False


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.sendall(b"*1\r\n$4\r\nPING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("redis on port %d did not become ready" % port)


def resp(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if not isinstance(a, (bytes, bytearray, memoryview)):
            a = str(a).encode()
        out.append(b"$%d\r\n" % len(a))
        out.append(bytes(a))
        out.append(b"\r\n")
    return b"".join(out)


def sync_eval_seconds(port, n):
    with socket.create_connection(("127.0.0.1", port)) as s:
        f = s.makefile("rb")
        t = time.perf_counter()
        s.sendall(resp("EVAL", SLOW_LUA, 0, n))
        f.readline()
        return time.perf_counter() - t


# ---------------------------------------------------------------- async client

async def read_reply(reader):
    line = await reader.readline()
    if not line:
        raise ConnectionError("connection closed")
    t = line[:1]
    if t == b"$":
        n = int(line[1:-2])
        if n >= 0:
            await reader.readexactly(n + 2)
        return True
    if t == b"-":
        return False
    if t == b"*":
        n = int(line[1:-2])
        ok = True
        for _ in range(max(n, 0)):
            ok = await read_reply(reader) and ok
        return ok
    return True  # + or :


class Backend:
    def __init__(self, name, port):
        self.name = name
        self.port = port
        self.idle = []
        self.inflight = 0
        self.metrics = (0.0, 0, 0.0, 0)  # cpu, connected_clients, used_memory_mb, ops_per_sec
        self._last_cpu = None

    async def conn(self):
        if self.idle:
            return self.idle.pop()
        return await asyncio.open_connection("127.0.0.1", self.port)

    async def sample_forever(self, interval, stop):
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        cmd = resp("INFO", "everything")
        try:
            while not stop.is_set():
                writer.write(cmd)
                line = await reader.readline()
                n = int(line[1:-2])
                body = (await reader.readexactly(n + 2)).decode()
                now = time.perf_counter()
                info = {}
                for ln in body.split("\r\n"):
                    if ":" in ln and not ln.startswith("#"):
                        k, v = ln.split(":", 1)
                        info[k] = v
                cpu_total = float(info["used_cpu_sys"]) + float(info["used_cpu_user"])
                cpu = 0.0
                if self._last_cpu is not None:
                    dt = now - self._last_cpu[0]
                    if dt > 0:
                        cpu = max(0.0, (cpu_total - self._last_cpu[1]) / dt)
                self._last_cpu = (now, cpu_total)
                self.metrics = (cpu, int(info["connected_clients"]),
                                int(info["used_memory"]) / (1024.0 * 1024.0),
                                int(info["instantaneous_ops_per_sec"]))
                try:
                    await asyncio.wait_for(stop.wait(), interval)
                except asyncio.TimeoutError:
                    pass
        finally:
            writer.close()


async def one_request(b, payload, t0, timeout, rows):
    reader, writer = await b.conn()
    inflight = b.inflight
    cpu, clients, mem, ops = b.metrics
    b.inflight += 1
    t_send = time.perf_counter()
    status = 0
    try:
        writer.write(payload)
        ok = await asyncio.wait_for(read_reply(reader), timeout)
        if not ok:
            status = 1
        b.idle.append((reader, writer))
    except (asyncio.TimeoutError, ConnectionError, OSError, asyncio.IncompleteReadError):
        status = 1
        writer.close()
    t_done = time.perf_counter()
    b.inflight -= 1
    rows.append((t_send - t0, b.name, (t_done - t_send) * 1000.0, inflight,
                 cpu, clients, mem, ops, status))


async def replay(args, backends, arrivals, ops, procs, slow_cmd):
    rng = random.Random(args.seed)
    base = b"v" * BIG_VALUE_CAP
    rows = []
    stop = asyncio.Event()
    samplers = [asyncio.create_task(b.sample_forever(args.sample_interval, stop)) for b in backends]
    for b in backends:  # warm pool
        for _ in range(args.pool):
            b.idle.append(await asyncio.open_connection("127.0.0.1", b.port))
    await asyncio.sleep(3 * args.sample_interval)  # two samples -> a cpu delta

    span = arrivals[-1] if arrivals[-1] > 0 else 1.0
    scale = args.duration / span
    slow_from = args.slow_start * args.duration
    slow_to = (args.slow_start + args.slow_fraction) * args.duration
    slow_proc = None
    slow_done = False
    tasks = set()
    t0 = time.perf_counter()
    for i, a in enumerate(arrivals):
        due = a * scale
        now = time.perf_counter() - t0
        # noisy tenant window on redis-3
        if slow_proc is None and not slow_done and now >= slow_from:
            slow_proc = procs.start(slow_cmd)
        if slow_proc is not None and now >= slow_to:
            procs.stop(slow_proc)
            slow_proc, slow_done = None, True
        if due > now:
            await asyncio.sleep(due - now)
        is_write, lbn, size = ops[i % len(ops)]
        k = rng.randrange(len(backends))
        b = backends[k]
        key = b"lbn:%d" % lbn
        if is_write:
            if k == 2:
                n = min(size * BIG_VALUE_FACTOR, BIG_VALUE_CAP)
            else:
                n = min(size, BASE_VALUE_CAP)
            payload = resp("SET", key, memoryview(base)[:n])
        else:
            payload = resp("GET", key)
        t = asyncio.create_task(one_request(b, payload, t0, args.timeout, rows))
        tasks.add(t)
        t.add_done_callback(tasks.discard)
        if args.progress and i % 2000 == 0:
            print("  %6d/%d  t=%.1fs  rows=%d" % (i, len(arrivals), now, len(rows)), file=sys.stderr)
    if slow_proc is not None:
        procs.stop(slow_proc)
    if tasks:
        await asyncio.gather(*tasks)
    stop.set()
    await asyncio.gather(*samplers, return_exceptions=True)
    for b in backends:
        for _, w in b.idle:
            w.close()
    wall = time.perf_counter() - t0
    rows.sort(key=lambda r: r[0])
    return rows, wall, scale


# ---------------------------------------------------------------- output

def pct(sorted_vals, q):
    if not sorted_vals:
        return float("nan")
    i = min(len(sorted_vals) - 1, max(0, int(round(q * (len(sorted_vals) - 1)))))
    return sorted_vals[i]


def summarize(rows, names, slow_window):
    out = []
    for name in names:
        lat = sorted(r[2] for r in rows if r[1] == name)
        slow = sorted(r[2] for r in rows if r[1] == name and slow_window[0] <= r[0] < slow_window[1])
        errs = sum(r[8] for r in rows if r[1] == name)
        out.append((name, len(lat), pct(lat, 0.5), pct(lat, 0.99), max(lat) if lat else float("nan"),
                    pct(slow, 0.5), pct(slow, 0.99), errs))
    return out


def write_csv_gz(path, rows):
    d = os.path.dirname(path)
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".requests.", suffix=".tmp", dir=d)
    try:
        with os.fdopen(fd, "wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as g:
                g.write((HEADER + "\n").encode())
                for r in rows:
                    g.write(("%.6f,%s,%.3f,%d,%.3f,%d,%.2f,%d,%d\n" % r).encode())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_text_atomic(path, text):
    d = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=".readme.", suffix=".tmp", dir=d)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def readme_text(args, cmdline, version, when, nrows, size, wall, scale, summary, slow_window,
                lua_n, lua_ms, n_arrivals, loads):
    table = ["| backend | role | rows | p50 ms | p99 ms | max ms | p50 / p99 ms in slow window | errors |",
             "|---|---|---|---|---|---|---|---|"]
    roles = ["baseline", "core 1, nice 10, with 2 CPU hogs", "8x values, maxmemory 64mb LRU",
             "noisy-tenant Lua burst in slow window"]
    for (name, n, p50, p99, mx, s50, s99, errs), role in zip(summary, roles):
        table.append("| %s | %s | %d | %.3f | %.3f | %.1f | %.3f / %.3f | %d |"
                     % (name, role, n, p50, p99, mx, s50, s99, errs))
    return """# loopback-redis: advisor's embedded default request trace

**Label: recorded on loopback on one shared 2-core machine; real servers and real timings, arrival
pattern replayed from the Azure LLM inference 2023 traces (AzureLLMInferenceTrace_conv.csv +
AzureLLMInferenceTrace_code.csv); not production traffic.**

`requests.csv.gz`: {nrows} requests, {size} bytes gzipped, one row per request, in send-time order.

## How it was recorded

- Command: `{cmdline}` (from the repository root; the script's docstring is the full description).
- Machine: {cpus} cores ({machine}), Linux {kernel}, Python {py}; `{version}`.
- Date: {when}. Replay wall time {wall:.1f} s.
- Four real `redis-server` processes on loopback, persistence off (`--save '' --appendonly no`):
  - `redis-0`: baseline.
  - `redis-1`: `taskset -c 1 nice -n 10`, sharing core 1 with two busy-loop CPU hogs (`taskset -c 1`, nice 0) for the whole run; its
    scheduler autogroup nice is also set to 10 (`/proc/<pid>/autogroup`), since each process runs in its own session.
  - `redis-2`: every value written to it is 8x the trace size (cap 128 KiB, vs 16 KiB for the others), under
    `--maxmemory 64mb --maxmemory-policy allkeys-lru` (continuous eviction once full).
  - `redis-3`: slow period from {s0:.1f} s to {s1:.1f} s (20 % of the run): a noisy tenant
    `redis-cli -r -1 -i 0.005 EVAL <Lua busy loop> 0` ran a CPU-bound script ({lua_n} iterations,
    ~{lua_ms:.1f} ms measured at start-up) then paused 5 ms, repeatedly; requests to redis-3 queue behind it.
- Arrivals: {n_arrivals} recorded request timestamps of both Azure traces merged (2023-11-16, ~58 min),
  time-compressed by a factor of {factor:.2f} (gaps keep their recorded proportions, i.e. burstiness).
- Backend per request: uniform random, seed {seed} (so a balancer has variation to learn from).
- Command per request: the next row of the CloudPhysics block trace (`cloudPhysicsIO.csv`, in order):
  READ (op 28) -> `GET lbn:<lbn>`, WRITE (op 2a) -> `SET lbn:<lbn> <value>` with value length = `size` column (capped as above).
  Raw RESP over a socket from a pool of {pool} pre-opened connections per backend (more opened when all are busy),
  asyncio, so requests to one backend overlap. Timeout {timeout} s.
- The client, the hogs and the servers share the same 2 cores, so every backend sees some machine-wide noise.
  Load average (1 min) at start / end of the replay: {load0:.2f} / {load1:.2f} (other work, e.g. compiles, was allowed to run).

## Columns

| column | unit | meaning |
|---|---|---|
| timestamp | s (float) | send time, relative to the start of the replay |
| backend | string | `redis-0` .. `redis-3` |
| latency_ms | ms (float) | from writing the command to the socket until its full reply was parsed (client-side, includes Python asyncio overhead) |
| inflight | count | requests to this backend already in flight from this client when this one was sent (excluding itself) |
| cpu | cores (fraction, 1.0 = one core busy) | redis process CPU time (INFO used_cpu_sys + used_cpu_user) delta over the last ~{si:.0f} ms sampling interval / wall interval |
| connected_clients | count | INFO connected_clients at the last sample (includes the sampler's own connection and the pool) |
| used_memory_mb | MiB | INFO used_memory / 2^20 at the last sample |
| ops_per_sec | ops/s | INFO instantaneous_ops_per_sec at the last sample |
| status | 0/1 | 0 = ok, 1 = error reply or timeout |

The metric columns are the latest sample (taken every ~{si:.0f} ms by a separate INFO connection per backend)
available at send time, i.e. what a balancer could know when it chose; they are not measured after the fact.

## Per-backend summary (this recording)

{table}

## Caveats

- Latency is measured in a Python asyncio client, so it includes client overhead and client scheduling delays
  (shared by all backends); sub-0.1 ms differences are not meaningful.
- `cpu` is the CPU the redis process *used*, not the CPU it waited for: redis-1 is slow because it waits for its core,
  and its `cpu` stays low. Its slowness shows in its latency history, not in its metrics. redis-3's slow period does show in `cpu`.
- Backends are chosen uniformly at random, not by a balancer, so in-flight counts are mostly 0-2 at this rate.
- GETs of keys not yet SET on that backend return nil (a real miss reply); writes are ~66 % of the replayed key-trace rows.
- The send time can trail the scheduled (compressed) arrival by the event loop's delay; the recorded `timestamp` is the real send time.

## Re-record

```
python3 Datasets/record-loopback.py            # ~{dur:.0f} s replay, rewrites requests.csv.gz and this README
python3 Datasets/record-loopback.py --help
```
A re-recording uses the same arrivals, keys and backend choices (fixed seed) but new real timings, so numbers will differ.
""".format(nrows=nrows, size=size, cmdline=cmdline, cpus=os.cpu_count(), machine=platform.machine(),
           kernel=platform.release(), py=platform.python_version(), version=version, when=when, wall=wall,
           s0=slow_window[0], s1=slow_window[1], lua_n=lua_n, lua_ms=lua_ms, n_arrivals=n_arrivals,
           factor=1.0 / scale, seed=args.seed, pool=args.pool, timeout=args.timeout,
           si=args.sample_interval * 1000, table="\n".join(table), dur=args.duration,
           load0=loads[0], load1=loads[1])


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(
        description="Record a per-request latency trace from 4 real redis-server processes on loopback "
                    "(see the module docstring for what is recorded and how).")
    ap.add_argument("--out", default=DEFAULT_OUT, help="output .csv.gz (default: %(default)s)")
    ap.add_argument("--readme", default=None,
                    help="README to write next to the output (default: <out dir>/README.md; 'none' to skip)")
    ap.add_argument("--arrivals", nargs="+", default=DEFAULT_ARRIVALS,
                    help="Azure LLM trace CSVs whose TIMESTAMP columns are merged into the arrival stream")
    ap.add_argument("--keys", default=DEFAULT_KEYS, help="CloudPhysics CSV (op,size,lbn columns) for commands")
    ap.add_argument("--duration", type=float, default=180.0, help="replay length in seconds (default 180)")
    ap.add_argument("--limit", type=int, default=0, help="replay only the first N arrivals (testing)")
    ap.add_argument("--seed", type=int, default=20231116, help="backend-choice seed")
    ap.add_argument("--pool", type=int, default=8, help="pre-opened connections per backend")
    ap.add_argument("--timeout", type=float, default=2.0, help="per-request timeout in seconds")
    ap.add_argument("--sample-interval", type=float, default=0.2, help="INFO sampling interval, seconds")
    ap.add_argument("--slow-start", type=float, default=0.45, help="slow window start, fraction of run")
    ap.add_argument("--slow-fraction", type=float, default=0.20, help="slow window length, fraction of run")
    ap.add_argument("--lua-ms", type=float, default=20.0, help="target duration of one noisy-tenant script")
    ap.add_argument("--progress", action="store_true", help="print progress to stderr")
    args = ap.parse_args()

    for tool in ("redis-server", "redis-cli", "taskset"):
        if shutil.which(tool) is None:
            sys.exit("missing %s (Debian packages redis-server, redis-tools, util-linux)" % tool)

    arrivals = load_arrivals(args.arrivals)
    if args.limit:
        arrivals = arrivals[:args.limit]
    ops = load_keys(args.keys, len(arrivals))
    version = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout.strip()

    def on_term(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_term)

    procs = Procs()
    tmpdir = tempfile.mkdtemp(prefix="advisor-loopback-redis-")
    try:
        backends = []
        for i in range(N_BACKENDS):
            port = free_port()
            argv = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", tmpdir, "--daemonize", "no",
                    "--logfile", os.path.join(tmpdir, "redis-%d.log" % i), "--protected-mode", "no"]
            if i == 1:
                argv = ["taskset", "-c", "1", "nice", "-n", "10"] + argv
            if i == 2:
                argv += ["--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"]
            p = procs.start(argv)
            if i == 1:
                set_autogroup_nice(p.pid, 10)
            backends.append(Backend("redis-%d" % i, port))
        for b in backends:
            wait_ready(b.port)
        for _ in range(2):  # CPU hogs sharing core 1 with redis-1
            procs.start(["taskset", "-c", "1", sys.executable, "-c", "while True: pass"])

        # calibrate the noisy tenant's Lua loop to ~lua_ms on this machine (against redis-3)
        n = 200000
        for _ in range(5):
            sec = min(sync_eval_seconds(backends[3].port, n) for _ in range(3))
            n = max(1000, int(n * (args.lua_ms / 1000.0) / max(sec, 1e-6)))
        lua_ms = min(sync_eval_seconds(backends[3].port, n) for _ in range(3)) * 1000.0
        slow_cmd = ["redis-cli", "-p", str(backends[3].port), "-r", "-1", "-i", "0.005",
                    "EVAL", SLOW_LUA, "0", str(n)]

        print("replaying %d arrivals over ~%.0f s against %s" % (
            len(arrivals), args.duration, ", ".join("%s:%d" % (b.name, b.port) for b in backends)), file=sys.stderr)
        load0 = os.getloadavg()[0]
        rows, wall, scale = asyncio.run(replay(args, backends, arrivals, ops, procs, slow_cmd))
        load1 = os.getloadavg()[0]
    finally:
        procs.stop_all()
        shutil.rmtree(tmpdir, ignore_errors=True)

    write_csv_gz(args.out, rows)
    size = os.path.getsize(args.out)
    slow_window = (args.slow_start * args.duration, (args.slow_start + args.slow_fraction) * args.duration)
    summary = summarize(rows, [b.name for b in backends], slow_window)
    print("wrote %s: %d rows, %d bytes, wall %.1f s (time compression %.2fx)"
          % (args.out, len(rows), size, wall, 1.0 / scale))
    print("%-8s %7s %9s %9s %9s %14s %6s" % ("backend", "rows", "p50_ms", "p99_ms", "max_ms", "slow p50/p99", "errors"))
    for name, n_, p50, p99, mx, s50, s99, errs in summary:
        print("%-8s %7d %9.3f %9.3f %9.1f %6.2f/%-7.2f %6d" % (name, n_, p50, p99, mx, s50, s99, errs))

    readme = args.readme or os.path.join(os.path.dirname(os.path.abspath(args.out)), "README.md")
    if readme != "none":
        rel = os.path.relpath(os.path.abspath(__file__), os.path.dirname(HERE))
        cmdline = " ".join(shlex.quote(x) for x in ["python3", rel] + sys.argv[1:])
        when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        write_text_atomic(readme, readme_text(args, cmdline, version, when, len(rows), size, wall, scale,
                                              summary, slow_window, n, lua_ms, len(arrivals),
                                              (load0, load1)))
        print("wrote %s" % readme)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
