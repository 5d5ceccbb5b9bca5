package import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one way advisor writes an output file, so that readers see the old content or the new, never a part,
/// and so that an output path can never be turned against the user.
///
/// What the target path is decides how it is written:
/// - absent or a regular file: written atomically. A temporary file with a random name is created beside it
///   (`O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0600, so a file or link planted at that name is never followed or
///   reused), filled, `fsync`ed, given the final mode (the old file's, else 0666 less the umask), renamed over
///   the target, and the folder is `fsync`ed so the rename survives a crash. A failure or a SIGINT/SIGTERM/SIGHUP
///   (see ``TemporaryFiles``) removes the temporary file; the old file is kept.
/// - a character device, a pipe or a socket (`/dev/null`, `/dev/full`, `>(…)`), or `/dev/stdout`,
///   `/dev/stderr`, `/dev/fd/N`: written directly, never replaced, and every write error reported.
/// - a symbolic link to one of those: written directly through the link.
/// - a symbolic link to a regular file (or a dangling one): refused. Replacing the link would silently turn it
///   into a file; writing through it would replace a file elsewhere that the command line does not name.
///   The message names the file the link points to, so the user can give that path.
/// - a folder: refused.
package enum OutputFile {
    /// Writes `data` to `path` as described above; creates missing parent folders.
    /// - Throws: `LearningError` (`.io`) reading `PATH: cannot write (REASON)`.
    package static func write(_ data: Data, to path: String) throws(LearningError) {
        if let descriptor = standardStream(path) {
            try writeAll(data, to: descriptor, path: path)
            return
        }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            guard errno == ENOENT else { throw failure(path, reason: currentError()) }
            try createParentFolder(of: path)
            try replace(path, with: data, mode: 0o666 & ~currentUmask())
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            try replace(path, with: data, mode: info.st_mode & 0o7777)
        case S_IFDIR:
            throw failure(path, reason: "is a folder")
        case S_IFLNK:
            var target = stat()
            let resolved = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            guard stat(path, &target) == 0 else { throw failure(path, reason: "is a symbolic link to \(resolved), which does not exist") }
            let kind = target.st_mode & S_IFMT
            guard kind != S_IFREG, kind != S_IFDIR else {
                throw failure(
                    path,
                    reason:
                        "is a symbolic link to \(resolved); advisor replaces output files atomically and does not replace a file through a link: give the file itself"
                )
            }
            try writeDirectly(data, to: path)
        default:
            try writeDirectly(data, to: path)
        }
    }

    /// Refuses an output that is one of the inputs (the same file by device and inode, whatever the spelling),
    /// before any work is done, so a command cannot overwrite what it reads.
    /// - Throws: `LearningError` (`.io`) naming both paths.
    package static func refuseOverwriting(_ inputs: [String], with output: String) throws(LearningError) {
        var target = stat()
        guard stat(output, &target) == 0, target.st_mode & S_IFMT == S_IFREG else { return }
        for input in inputs {
            var source = stat()
            if stat(input, &source) == 0, source.st_dev == target.st_dev, source.st_ino == target.st_ino {
                throw LearningError(.io, "\(output): is the input \(input); write the output to another file")
            }
        }
    }

    private static func replace(_ path: String, with data: Data, mode: mode_t) throws(LearningError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var temporary = ""
        var descriptor: Int32 = -1
        var slot: Int?
        for _ in 0..<8 where descriptor < 0 {
            temporary = (folder as NSString).appendingPathComponent(
                ".\(url.lastPathComponent).\(String(UInt64.random(in: .min ... .max), radix: 16)).tmp")
            // Registered before it exists: a signal (on any thread) right after the open still finds it.
            slot = TemporaryFiles.register(temporary)
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard descriptor < 0 else { break }
            let error = errno
            TemporaryFiles.unregister(slot)
            slot = nil
            if error != EEXIST { throw failure(path, reason: String(cString: strerror(error))) }
        }
        guard descriptor >= 0 else { throw failure(path, reason: "no free temporary name in \(folder)") }
        defer { TemporaryFiles.unregister(slot) }
        do throws(LearningError) {
            try writeAll(data, to: descriptor, path: path)
            guard fsync(descriptor) == 0, fchmod(descriptor, mode) == 0 else { throw failure(path, reason: currentError()) }
            let closed = close(descriptor)
            descriptor = -1
            guard closed == 0, rename(temporary, path) == 0 else { throw failure(path, reason: currentError()) }
        } catch {
            if descriptor >= 0 { close(descriptor) }
            unlink(temporary)
            throw error
        }
        syncFolder(folder)
    }

    /// Makes a rename durable. Best effort: some file systems refuse `fsync` on a folder, and the file is in place either way.
    static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    private static func writeDirectly(_ data: Data, to path: String) throws(LearningError) {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, reason: currentError()) }
        defer { close(descriptor) }
        var info = stat()
        // Checked on the open file: a regular file swapped in since the lstat would be written without truncation.
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT != S_IFREG else {
            throw failure(path, reason: "changed into a regular file while being opened")
        }
        try writeAll(data, to: descriptor, path: path)
    }

    /// `/dev/stdout`, `/dev/stderr` and `/dev/fd/N` mean the open descriptor itself (opening the path anew would
    /// truncate a redirected file, or replace it).
    private static func standardStream(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return STDOUT_FILENO
        case "/dev/stderr": return STDERR_FILENO
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count))
            }
            return nil
        }
    }

    private static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws(LearningError) {
        let reason: String? = data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return currentError()
                }
                offset += written
            }
            return nil
        }
        if let reason { throw failure(path, reason: reason) }
    }

    /// `write(2)`, which the static `write(_:to:)` above hides inside this type.
    private static func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(descriptor, bytes, count)
        #else
            Darwin.write(descriptor, bytes, count)
        #endif
    }

    private static func createParentFolder(of path: String) throws(LearningError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw failure(path, reason: "cannot create the folder \(folder.path)")
        }
    }

    static func currentUmask() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }

    static func currentError() -> String { String(cString: strerror(errno)) }

    static func failure(_ path: String, reason: String) -> LearningError {
        LearningError(.io, "\(path): cannot write (\(reason))")
    }
}
