#!/usr/bin/env python3
"""Compiles every Swift snippet of README.md as a user would paste it, and runs the ones marked to run.

Each ```swift block becomes the main.swift of its own executable target in a fresh package that
depends on this one by path and names only its products, so a snippet that uses something an
embedder cannot see (a `package` declaration, a missing import, an undeclared product) fails here.
A snippet that imports a module of another package in EXTERNAL (a metrics backend, say) gets that
package and product too, as an embedder would add them; no other snippet does.
A block preceded by the line `<!-- snippet: run -->` is also run and must exit 0.

Usage: .ci/readme-snippets.py [--scratch DIR]   (default DIR: .build-snippets beside this repo's README)
"""
import argparse
import pathlib
import re
import shutil
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
PRODUCTS = ["AdvisorCache", "AdvisorBalancing", "AdvisorTesting", "AdvisorTiered", "AdvisorMetrics"]
# Module imported by a snippet -> (package identity, URL, minimum version): packages of the machine's set.
EXTERNAL = {
    "CoreMetrics": ("swift-metrics", "https://github.com/apple/swift-metrics", "2.13.0"),
    "Logging": ("swift-log", "https://github.com/apple/swift-log", "1.16.2"),
    "ServiceLifecycle": ("swift-service-lifecycle", "https://github.com/swift-server/swift-service-lifecycle", "2.13.0"),
    "Prometheus": ("swift-prometheus", "https://github.com/swift-server/swift-prometheus", "2.4.1"),
}


def snippets(readme: str):
    """Yields (line number, code, run?) for every ```swift block."""
    lines = readme.splitlines()
    index = 0
    while index < len(lines):
        if lines[index].strip() == "```swift":
            start = index + 1
            run = index > 0 and lines[index - 1].strip() == "<!-- snippet: run -->"
            end = start
            while end < len(lines) and lines[end].strip() != "```":
                end += 1
            yield start + 1, "\n".join(lines[start:end]) + "\n", run
            index = end
        index += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scratch", type=pathlib.Path, default=REPO / ".build-snippets")
    args = parser.parse_args()
    readme = (REPO / "README.md").read_text()
    blocks = list(snippets(readme))
    if not blocks:
        print("readme-snippets: README.md has no ```swift block", file=sys.stderr)
        return 1
    package = args.scratch / "package"
    if package.exists():
        shutil.rmtree(package / "Sources", ignore_errors=True)
    (package / "Sources").mkdir(parents=True, exist_ok=True)
    present = [p for p in PRODUCTS if re.search(rf'\.library\(name: "{p}"', (REPO / "Package.swift").read_text())]
    targets = []
    external = set()
    for number, (line, code, run) in enumerate(blocks, 1):
        name = f"Snippet{number:02d}"
        folder = package / "Sources" / name
        folder.mkdir(parents=True)
        (folder / "main.swift").write_text(f"// README.md line {line}\n" + code)
        deps = [f'.product(name: "{p}", package: "advisor")' for p in present]
        for module, (identity, _, _) in EXTERNAL.items():
            if re.search(rf"^import {module}$", code, re.MULTILINE):
                external.add(module)
                deps.append(f'.product(name: "{module}", package: "{identity}")')
        deps = ", ".join(deps)
        targets.append((name, line, run, f'        .executableTarget(name: "{name}", dependencies: [{deps}]),'))
    manifest = "\n".join([
        "// swift-tools-version:6.1",
        "// Written by .ci/readme-snippets.py: one executable per README snippet.",
        "import PackageDescription",
        "let package = Package(",
        '    name: "readme-snippets",',
        "    platforms: [.macOS(.v15)],",
        "    dependencies: [",
        f'        .package(name: "advisor", path: "{REPO}"),',
        *[f'        .package(url: "{EXTERNAL[m][1]}", from: "{EXTERNAL[m][2]}"),' for m in sorted(external)],
        "    ],",
        "    targets: [",
        *[t[3] for t in targets],
        "    ]",
        ")",
        "",
    ])
    (package / "Package.swift").write_text(manifest)
    print(f"readme-snippets: compiling {len(targets)} snippets from README.md", file=sys.stderr)
    build = subprocess.run(["swift", "build", "--package-path", str(package)], capture_output=True, text=True)
    if build.returncode != 0:
        sys.stderr.write(build.stdout[-20000:] + build.stderr[-5000:])
        failing = sorted({m.group(1) for m in re.finditer(r"Sources/(Snippet\d+)/main\.swift", build.stdout + build.stderr)})
        for name, line, _, _ in targets:
            if name in failing:
                print(f"README.md:{line}: this snippet does not compile ({name})", file=sys.stderr)
        return 1
    bin_path = subprocess.run(["swift", "build", "--package-path", str(package), "--show-bin-path"],
                              capture_output=True, text=True, check=True).stdout.strip()
    for name, line, run, _ in targets:
        if not run:
            continue
        result = subprocess.run([str(pathlib.Path(bin_path) / name)], cwd=REPO, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
            print(f"README.md:{line}: this snippet exits {result.returncode} when run", file=sys.stderr)
            return 1
        print(f"readme-snippets: README.md:{line} ran: {result.stdout.strip()[:200]}", file=sys.stderr)
    print(f"readme-snippets: {len(targets)} snippets compile", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
