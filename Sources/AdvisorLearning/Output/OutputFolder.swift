package import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writing a *set* of files into a folder as one unit, so a reader of the folder sees the whole old set or the
/// whole new one, never a mix: not after a kill between two files, and not after a run that writes fewer files.
///
/// The set owns the folder's files that `owns` accepts (for `advisor train`, the `cache-*.json` and `latency-*.json`
/// the runtime loaders scan); every other entry of the folder is kept. A fresh folder is built beside the target:
/// the new files, written and `fsync`ed, plus a hard link to every other file and symbolic link of the old folder
/// (its subfolders are moved over). Then the two folders are exchanged in one `renameat2(RENAME_EXCHANGE)` and
/// the old set is removed. Where the exchange is not supported, the old folder is renamed aside first: a reader
/// then briefly finds no folder, still never a mix. A target that is a symbolic link to a folder is resolved,
/// so the link stays a link. Changes made to the old folder by another process while the set is written are lost.
package enum OutputFolder {
    /// Replaces the files of `folder` that `owns` accepts with `files` (name and content), as one unit.
    /// - Throws: `LearningError` (`.io`) naming the folder; the fresh folder is removed and the old one kept.
    package static func replaceSet(in folder: String, owns: (String) -> Bool, with files: [(name: String, data: Data)])
        throws(LearningError)
    {
        let target =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: folder)).map {
                $0.hasPrefix("/")
                    ? $0 : (URL(fileURLWithPath: folder).deletingLastPathComponent().path as NSString).appendingPathComponent($0)
            } ?? folder
        var info = stat()
        let exists = stat(target, &info) == 0
        if exists, info.st_mode & S_IFMT != S_IFDIR { throw failure(folder, reason: "is not a folder") }
        let url = URL(fileURLWithPath: target)
        let parent = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw failure(folder, reason: "cannot create the folder \(parent)")
        }
        let staging = (parent as NSString).appendingPathComponent(
            ".\(url.lastPathComponent).\(String(UInt64.random(in: .min ... .max), radix: 16)).tmp")
        guard mkdir(staging, 0o700) == 0 else { throw failure(folder, reason: OutputFile.currentError()) }
        let folderSlot = TemporaryFiles.register(staging)
        var slots: [Int?] = []
        defer {
            for slot in slots { TemporaryFiles.unregister(slot) }
            TemporaryFiles.unregister(folderSlot)
        }
        do throws(LearningError) {
            for file in files {
                let path = (staging as NSString).appendingPathComponent(file.name)
                slots.append(TemporaryFiles.register(path))
                try OutputFile.write(file.data, to: path)
            }
            if exists { try carryOver(from: target, to: staging, except: owns, folder: folder, registering: &slots) }
            OutputFile.syncFolder(staging)
            let mode = exists ? info.st_mode & 0o7777 : 0o777 & ~OutputFile.currentUmask()
            guard chmod(staging, mode) == 0 else { throw failure(folder, reason: OutputFile.currentError()) }
            try swap(staging, into: target, exists: exists, folder: folder)
        } catch {
            removeTree(staging)
            throw error
        }
        // `staging` now holds the old set (or nothing); the new one is in place.
        removeTree(staging)
        OutputFile.syncFolder(parent)
    }

    /// Every entry of `old` the set does not own, into `fresh`: files and links as hard links, folders moved.
    private static func carryOver(
        from old: String, to fresh: String, except owns: (String) -> Bool, folder: String, registering slots: inout [Int?]
    ) throws(LearningError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: old)
        } catch {
            throw failure(folder, reason: "cannot list it")
        }
        for name in names where !owns(name) {
            let from = (old as NSString).appendingPathComponent(name)
            let to = (fresh as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(from, &info) == 0 else { continue }  // removed meanwhile
            if info.st_mode & S_IFMT != S_IFDIR { slots.append(TemporaryFiles.register(to)) }
            let moved = info.st_mode & S_IFMT == S_IFDIR ? rename(from, to) : linkat(AT_FDCWD, from, AT_FDCWD, to, 0)
            guard moved == 0 else { throw failure(folder, reason: "cannot keep \(name): \(OutputFile.currentError())") }
        }
    }

    /// Puts `staging` at `target`, leaving what was at `target` (if anything) at `staging`.
    private static func swap(_ staging: String, into target: String, exists: Bool, folder: String) throws(LearningError) {
        guard exists else {
            guard rename(staging, target) == 0 else { throw failure(folder, reason: OutputFile.currentError()) }
            return
        }
        if exchange(staging, target) == 0 { return }
        // No atomic exchange here: move the old folder aside (to a name beside staging), then the new one in.
        let aside = staging + ".old"
        guard rename(target, aside) == 0 else { throw failure(folder, reason: OutputFile.currentError()) }
        guard rename(staging, target) == 0 else {
            let reason = OutputFile.currentError()
            rename(aside, target)
            throw failure(folder, reason: reason)
        }
        rename(aside, staging)
    }

    /// `renameat2(…, RENAME_EXCHANGE)` (Linux 3.15+, glibc 2.28+), looked up at run time because Swift's Glibc
    /// module does not export it; -1 when unavailable.
    private static func exchange(_ first: String, _ second: String) -> Int32 {
        #if os(Linux)
            typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
            guard let symbol = dlsym(nil, "renameat2") else { return -1 }
            let renameExchange: UInt32 = 1 << 1
            return unsafeBitCast(symbol, to: RenameAt2.self)(AT_FDCWD, first, AT_FDCWD, second, renameExchange)
        #else
            return renamex_np(first, second, UInt32(RENAME_SWAP))
        #endif
    }

    private static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func failure(_ folder: String, reason: String) -> LearningError {
        LearningError(.io, "\(folder): cannot write the model set (\(reason))")
    }
}
