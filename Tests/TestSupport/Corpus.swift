import Foundation

/// Locates the repository's corpus/ and schemas/ folders from a test file's path.
public enum Corpus {
    public static func root(file: String = #filePath) -> URL {
        var url = URL(fileURLWithPath: file)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }
    public static func url(_ relative: String) -> URL { root().appendingPathComponent(relative) }
    public static func data(_ relative: String) throws -> Data { try Data(contentsOf: url(relative)) }
}
