import Glibc

/// The undecoded bytes of a file, mapped when possible and read otherwise.
///
/// A short-lived helper of `InputBuffer.open(path:)`: it owns its memory until either the buffer
/// adopts it or `release()` is called.
struct RawFile {
    let base: UnsafeMutableRawPointer
    let count: Int
    let isMapped: Bool

    /// Loads a file's bytes.
    ///
    /// - Parameter path: The file to load.
    /// - Returns: The mapped or read bytes; never empty.
    /// - Throws: `InputError` `.unreadable` or `.emptyFile`.
    static func load(path: String) throws(InputError) -> RawFile {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw unreadable(path, "cannot open") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw unreadable(path, "cannot stat") }
        if info.st_mode & S_IFMT == S_IFDIR {
            throw InputError(code: .unreadable, file: path, message: "is a directory")
        }
        if info.st_mode & S_IFMT != S_IFREG {
            return try readStream(fd: fd, path: path)
        }
        let size = Int(info.st_size)
        guard size > 0 else { throw InputError(code: .emptyFile, file: path, message: "the file is empty") }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw unreadable(path, "cannot map")
        }
        // The parsers touch every page once; ask the kernel to start reading ahead now.
        _ = madvise(mapped, size, MADV_WILLNEED)
        return RawFile(base: mapped, count: size, isMapped: true)
    }

    /// Frees the bytes when they were not adopted by an `InputBuffer`.
    func release() {
        if isMapped { munmap(base, count) } else { free(base) }
    }

    /// Reads a non-regular file (a pipe or character device) to its end.
    private static func readStream(fd: Int32, path: String) throws(InputError) -> RawFile {
        var capacity = 1 << 20
        var count = 0
        guard var base = malloc(capacity) else { throw unreadable(path, "out of memory") }
        while true {
            if count == capacity {
                capacity *= 2
                guard let grown = realloc(base, capacity) else {
                    free(base)
                    throw unreadable(path, "out of memory")
                }
                base = grown
            }
            let got = read(fd, base + count, capacity - count)
            if got == 0 { break }
            if got < 0 {
                if errno == EINTR { continue }
                free(base)
                throw unreadable(path, "cannot read")
            }
            count += got
        }
        guard count > 0 else {
            free(base)
            throw InputError(code: .emptyFile, file: path, message: "the file is empty")
        }
        return RawFile(base: base, count: count, isMapped: false)
    }

    /// An `.unreadable` error carrying the current `errno` text.
    private static func unreadable(_ path: String, _ what: String) -> InputError {
        InputError(code: .unreadable, file: path, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
