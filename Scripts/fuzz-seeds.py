#!/usr/bin/env python3
"""Seed corpora for the libFuzzer targets in Fuzz/, cut from the real traces in ../shared/datasets.

Each seed is a small real file (the first few KB of a trace, decompressed, cut at a line end for text)
prefixed with the byte that picks its reader in the target; the decompress seeds are those cuts
compressed again with gzip, xz and zstd. The corpora are written under OUT (never into the repository).

    python3 Scripts/fuzz-seeds.py OUT
"""

import gzip
import lzma
import os
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
DATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "datasets"))
CUT = 3000

# The order of AccessFormat.allCases, RequestFormat.allCases + ArrivalFormat.allCases + metric series.
ACCESS = [
    ("csv", "meta-cachelib-samples/block_traces_1.csv"),
    ("libcachesim-csv", "cloudphysics-block-sample/cloudPhysicsIO.csv"),
    ("oracle-general", "cloudphysics-block-sample/cloudPhysicsIO.oracleGeneral.bin"),
    ("arc", "arc-storage-traces/P6.lis.zst"),
    ("cache2k", "caffeine-sim-traces/web07.trace.xz"),
    ("scarab", "caffeine-sim-traces/scarab-recs.trace.xz"),
    ("mooncake", "mooncake-kvcache-trace-2025/conversation_trace.jsonl.gz"),
    ("meta-cdn", "meta-cachelib-samples/bigcache_cdn_sample.csv"),
    ("meta-kv", "meta-cachelib-samples/kv_traces_1.csv"),
    ("twitter", "meta-cachelib-samples/twitter_sample.csv"),
    ("apache-log", "apache-access-log-2015/apache_logs.gz"),
]
REQUESTS = [
    ("canonical", os.path.join(ROOT, "Datasets/loopback-redis/requests.csv.gz")),
    ("alibaba-genai", "alibaba-genai-serving-2026/pipeline_inference_data_anon.csv.gz"),
    ("nezha", "nezha-microservice-testbed/ob_2022-08-23/trace/12_02_trace.csv.gz"),
    ("azure-vm-noise", "azure-vm-noise-2024/redis_get_c50_rps__short_eastus_B8ms.csv.gz"),
    ("arrivals", "azure-llm-inference-2023/AzureLLMInferenceTrace_code.csv"),
    ("azure-llm", "azure-llm-inference-2023/AzureLLMInferenceTrace_conv.csv"),
    ("nasa", "nasa-http-1995-per-second/nasa_requests_per_second.txt.gz"),
    ("metric-series", "nab-aws-cloudwatch/ec2_cpu_utilization_24ae8d.csv"),
]
CSV = ["nab-aws-cloudwatch/ec2_request_latency_system_failure.csv", "azure-llm-inference-2023/AzureLLMInferenceTrace_code.csv"]


def head(path, limit=CUT, binary=False):
    """The first `limit` decompressed bytes of a file (cut after the last newline for text)."""
    path = path if os.path.isabs(path) else os.path.join(DATA, path)
    if path.endswith(".gz"):
        data = gzip.open(path).read(limit * 4)
    elif path.endswith(".xz"):
        data = lzma.open(path).read(limit * 4)
    elif path.endswith(".zst"):
        data = subprocess.run(["zstd", "-dc", path], capture_output=True).stdout[: limit * 4]
    else:
        with open(path, "rb") as file:
            data = file.read(limit * 4)
    data = data[:limit]
    if not binary and b"\n" in data:
        data = data[: data.rindex(b"\n") + 1]
    return data


def write(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as file:
        file.write(data)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    for index, (name, path) in enumerate(ACCESS):
        binary = name in ("oracle-general", "cache2k", "scarab")
        write(os.path.join(out, "access"), name, bytes([index]) + head(path, binary=binary))
    for index, (name, path) in enumerate(REQUESTS):
        write(os.path.join(out, "requests"), name, bytes([index]) + head(path))
    for chunks in range(4):
        for index, path in enumerate(CSV):
            write(os.path.join(out, "csv"), f"{index}-{chunks + 1}-chunks", bytes([chunks]) + head(path))
    text = head(ACCESS[0][1])
    xz = subprocess.run(["xz", "-c"], input=text, capture_output=True).stdout
    zst = subprocess.run(["zstd", "-c", "-q"], input=text, capture_output=True).stdout
    for index, (name, data) in enumerate([("gzip", gzip.compress(text)), ("xz", xz), ("zstd", zst), ("plain", text)]):
        write(os.path.join(out, "decompress"), name, bytes([index]) + data)
    os.makedirs(os.path.join(out, "model"), exist_ok=True)


main()
