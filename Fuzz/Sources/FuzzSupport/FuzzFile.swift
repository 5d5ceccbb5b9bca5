import Glibc

/// One input file per fuzzing process, rewritten for every input: the readers take paths and map
/// or stream the file as they do for a user's trace, so the fuzzer exercises that path too (size
/// checks, compression detection by magic bytes, `mmap`). It lives in /dev/shm when there is one,
/// so the rewrite costs no disk I/O.
public enum FuzzFile {
    /// The file's path: a folder of this process's own, so parallel fuzzers do not share it.
    public static let path: String = {
        let root = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        let folder = "\(root)/advisor-fuzz-\(getpid())"
        mkdir(folder, 0o700)
        return folder + "/input"
    }()

    /// Writes `count` bytes from `start` to `path` (replacing what was there) and calls `body` with it.
    public static func with<R>(_ start: UnsafeRawPointer?, _ count: Int, _ body: (String) -> R) -> R {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        precondition(fd >= 0, "cannot write the fuzz input file \(path)")
        var written = 0
        while written < count, let start {
            let result = write(fd, start + written, count - written)
            precondition(result > 0, "cannot write the fuzz input file \(path)")
            written += result
        }
        close(fd)
        return body(path)
    }

    /// The first byte picks one of `count` choices (a reader, a format); the rest is the file.
    /// - Returns: the choice and the rest, or nil for an empty input.
    public static func choice(_ start: UnsafeRawPointer?, _ size: Int, among count: Int) -> (Int, UnsafeRawPointer?, Int)? {
        guard let start, size > 0 else { return nil }
        return (Int(start.load(as: UInt8.self)) % count, start + 1, size - 1)
    }
}
