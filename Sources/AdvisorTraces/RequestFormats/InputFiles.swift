public import AdvisorInput
import Foundation

/// The files a conversion reads: the paths given, with each folder replaced by the files under it.
public struct InputFiles: Sendable, Equatable {
    /// Every file, in the order given; a folder's files in path order.
    public var paths: [String]

    /// Expands folders (recursively; hidden files and folders are skipped), keeps plain paths as given, and
    /// drops repeats of a file.
    /// - Parameter paths: Files or folders.
    /// - Throws: `InputError` `.unreadable` for a path that does not exist, `.emptyFile` when no file is found.
    public init(expanding paths: [String]) throws(InputError) {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw InputError(code: .unreadable, file: path, message: "no such file or folder")
            }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            var found: [String] = []
            for relative in (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? [] {
                // Skip hidden files and anything inside hidden folders (`.git`, editor swap files).
                guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
                let file = (path as NSString).appendingPathComponent(relative)
                var isSubfolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: file, isDirectory: &isSubfolder), !isSubfolder.boolValue {
                    found.append(file)
                }
            }
            files += found.sorted()
        }
        guard !files.isEmpty else {
            throw InputError(code: .emptyFile, file: paths.joined(separator: ", "), message: "no input files found")
        }
        // A file named twice (or inside a folder also given) is read once: runs must not be counted twice.
        var seen: Set<String> = []
        self.paths = files.filter { seen.insert(($0 as NSString).standardizingPath).inserted }
    }

    /// A file's name without folders and without its extensions: `qps` for `data/qps.csv.gz`.
    public static func stem(of path: String) -> String {
        let name = (path as NSString).lastPathComponent
        return name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? name
    }
}
