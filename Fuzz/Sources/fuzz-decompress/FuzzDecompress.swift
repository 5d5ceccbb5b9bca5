import AdvisorInput
import Glibc
import FuzzSupport

// The gzip, xz and zstd decoders, reached as a user's file reaches them: by its magic bytes. The
// first byte picks which magic the rest is prefixed with, so the fuzzer starts inside each format's
// stream instead of spending its time finding the magic.

private let magics: [[UInt8]] = [[0x1f, 0x8b], [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], [0x28, 0xB5, 0x2F, 0xFD], []]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecompress(_ start: UnsafeRawPointer?, _ size: Int) -> Int32 {
    guard let (choice, rest, count) = FuzzFile.choice(start, size, among: magics.count) else { return 0 }
    let body = UnsafeRawBufferPointer(start: rest, count: count)
    // A seed already starting with its magic is kept as it is.
    let bytes = body.starts(with: magics[choice]) ? Array(body) : magics[choice] + Array(body)
    bytes.withUnsafeBytes { file in
        FuzzFile.with(file.baseAddress, file.count) { path in
            guard let buffer = try? InputBuffer.open(path: path) else { return }
            // Decoding is a function of the file: a second decode, with fresh decoder state, gives the same
            // bytes (and reading all of them lets AddressSanitizer check the whole buffer).
            let again = try? InputBuffer.open(path: path)
            // memcmp, not `elementsEqual`: a few hundred bytes of zstd RLE blocks decode to megabytes, and a byte-by-byte
            // generic comparison of those under AddressSanitizer took half a second, a harness cost libFuzzer's
            // one-second timeout then reported on a loaded machine.
            let same = buffer.withBytes { first in
                again?.withBytes { second in
                    first.count == second.count && (first.count == 0 || memcmp(first.baseAddress!, second.baseAddress!, first.count) == 0)
                }
            }
            precondition(same == true, "two decodes of one file differ")
        }
    }
    return 0
}

@_cdecl("fuzz_decompress_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    fuzz(argc, argv, fuzzDecompress)
}
