#!/usr/bin/env bash
# The tiered cache's measured bounds (README "Tiered cache"): starts a redis-server of its own on a free
# loopback port (no persistence), runs redis-benchmark -t get at the same concurrency as TieredBench, runs
# TieredBench (release), and stops the server by pid.  Usage: Benchmarks/tiered/run.sh [CLIENTS]  (default 50)
set -euo pipefail
cd "$(dirname "$0")/.."
clients="${1:-50}"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
dir=$(mktemp -d)
redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save "" --appendonly no --daemonize no >/dev/null &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && break; sleep 0.05; done
swift build -c release --product TieredBench >&2
redis-cli -p "$port" set key:000000000000 xxx >/dev/null
echo "redis-benchmark -t get -c $clients -n 200000 (csv: test, rps, avg, min, p50, p95, p99, max ms):"
redis-benchmark -p "$port" -t get -c "$clients" -n 200000 --csv | tail -1
.build/release/TieredBench "$port" "$clients"
