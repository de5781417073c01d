import Foundation
import AccordReaders
import AccordText

/// Pages scanned as files of their own, found among a command's files by their names and formats.
///
/// A set is two or more files in one folder whose names differ only by a page number
/// (`PageName`), numbered consecutively from the lowest present (a gap, or a number written
/// twice, and the files are read each alone), all of one image or PDF format as sniffed from
/// their content. The set is named like its files with the numbers as a range in brackets:
/// `scans/x-p1.jpg` + `scans/x-p2.jpg` → `scans/x-p[1-2].jpg`, `scan001.png`…`scan003.png` →
/// `scan[001-003].png`. Its sha256 is derived from its files' sha256 in page order (`sha256(of:)`).
/// The names only propose a set: reading it, `PageComposition` checks the pages' own evidence.
public struct PageSet: Sendable, Hashable, Codable {
    /// The set's name (`dir/x-p[1-2].jpg`).
    public var path: String
    /// The files in page order.
    public var members: [String]

    public init(path: String, members: [String]) { self.path = path; self.members = members }
}

public enum PageSets {
    /// Formats a page file may have: images and PDFs (a text or Word file is a document of its own).
    public static let pageFormats: Set<Sniff> = [.png, .jpeg, .tiff, .pdf]
    /// At most this many files make one set (the readers' own page limit for one TIFF or PDF).
    public static let maxMembers = 500

    /// The sets among `files` (paths as the caller names them), each file's format sniffed by
    /// `sniff` (nil when it cannot be read). Files that are in no set are not returned. Sets come
    /// in the order of their first member in `files`.
    public static func find(_ files: [String], sniff: (String) -> Sniff?) -> [PageSet] {
        struct Key: Hashable { var folder: String; var head: String; var tail: String }
        var groups: [Key: [(path: String, name: PageName)]] = [:]
        var order: [Key] = []
        for f in files {
            guard let name = PageName.parse((f as NSString).lastPathComponent) else { continue }
            let key = Key(folder: (f as NSString).deletingLastPathComponent, head: name.head, tail: name.tail)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append((f, name))
        }
        var sets: [PageSet] = []
        for key in order {
            guard let group = groups[key], (2...maxMembers).contains(group.count) else { continue }
            let sorted = group.sorted { $0.name.number < $1.name.number }
            guard let first = sorted.first, let last = sorted.last,
                  zip(sorted, sorted.dropFirst()).allSatisfy({ $1.name.number == $0.name.number + 1 }) else { continue }
            // One format, an image or PDF one, for every page.
            let formats = sorted.map { sniff($0.path) }
            guard let format = formats.first ?? nil, pageFormats.contains(format), formats.allSatisfy({ $0 == format }) else { continue }
            let range = "[" + first.name.digits + "-" + last.name.digits + "]"
            let path = key.folder.isEmpty ? first.name.with(range) : (key.folder as NSString).appendingPathComponent(first.name.with(range))
            sets.append(PageSet(path: path, members: sorted.map(\.path)))
        }
        return sets
    }

    /// `find` with each file's format sniffed from its first bytes on disk.
    public static func find(_ files: [String]) -> [PageSet] {
        find(files, sniff: sniffFile)
    }

    /// The format of the file's first bytes (nil when it cannot be opened).
    public static func sniffFile(_ path: String) -> Sniff? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 64) else { return nil }
        return Sniff.of(head)
    }

    /// The sha256 of a set: of the text `accord-page-set/1`, then each file's sha256 (lower-case
    /// hex) in page order, each on a line of its own. Any page changed, added, removed or moved
    /// gives another one.
    public static func sha256(of memberSHA256: [String]) -> String {
        ContentHash.hex(Data((["accord-page-set/1"] + memberSHA256).map { $0 + "\n" }.joined().utf8))
    }

    /// The files a set's name stands for (`dir/x-p[1-2].jpg` → `dir/x-p1.jpg`, `dir/x-p2.jpg`), or
    /// nil when `path` is not such a name. Numbers are zero-padded as the range writes them.
    public static func members(ofSetNamed path: String) -> [String]? {
        let name = (path as NSString).lastPathComponent, folder = (path as NSString).deletingLastPathComponent
        guard let open = name.lastIndex(of: "["), let close = name[open...].firstIndex(of: "]") else { return nil }
        let range = name[name.index(after: open)..<close].split(separator: "-", omittingEmptySubsequences: false)
        guard range.count == 2, let a = Int(range[0]), let b = Int(range[1]), a < b, b - a < maxMembers,
              range.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        let width = range[0].hasPrefix("0") && range[0].count == range[1].count ? range[0].count : 0
        let head = String(name[..<open]), tail = String(name[name.index(after: close)...])
        return (a...b).map { n in
            var digits = String(n)
            if digits.count < width { digits = String(repeating: "0", count: width - digits.count) + digits }
            let file = head + digits + tail
            return folder.isEmpty ? file : (folder as NSString).appendingPathComponent(file)
        }
    }
}
