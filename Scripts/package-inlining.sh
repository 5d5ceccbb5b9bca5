#!/usr/bin/env bash
# Shows why FastMath (AdvisorSupport) is public: this compiler inlines a `public` @inlinable function into another
# module but not a `package` one. Compiles module A twice (package / public) and a caller B against each, -O, and
# prints the calls left in B's function (a call to A's f means it was not inlined).
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
for access in package public; do
    mkdir "$access"
    cat > "$access/A.swift" <<SWIFT
$access enum M {
    @inlinable @inline(__always) $access static func f(_ x: Double) -> Double { x * 2 + 1 }
}
SWIFT
    echo 'import A
package func g(_ x: Double) -> Double { M.f(x) * 3 }' > "$access/B.swift"
    swiftc -O -parse-as-library -package-name p -emit-module -emit-module-path "$access/A.swiftmodule" -module-name A \
        -c "$access/A.swift" -o "$access/A.o"
    swiftc -O -parse-as-library -package-name p -I "$access" -module-name B -c "$access/B.swift" -o "$access/B.o"
    calls=$(objdump -dr "$access/B.o" | grep -c 'R_X86_64_PLT32.*1A1MO1f' || true)
    echo "$access @inlinable: $calls call(s) to A's f left in B"
done
