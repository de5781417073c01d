import Foundation

/// Debian's headless Chromium, run as the notes say (root needs --no-sandbox), each run with its
/// own profile folder so parallel tests do not share a lock.
public enum Chromium {
    public static let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    public static var available: Bool { path != nil }
    public static var inCI: Bool { !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty }

    public struct Failure: Error, CustomStringConvertible { public var description: String }

    public static func dumpDOM(_ url: URL, profile: URL) throws -> String {
        let out = try run(["--dump-dom", url.absoluteString], profile: profile)
        guard out.contains("</html>") else { throw Failure(description: "chromium --dump-dom printed no document (\(out.count) bytes)") }
        return out
    }

    /// Runs chromium headless; its standard output. Fails after `timeout` seconds.
    @discardableResult
    public static func run(_ args: [String], profile: URL, timeout: TimeInterval = 90) throws -> String {
        guard let path else { throw Failure(description: "chromium is not installed") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                       "--user-data-dir=\(profile.path)"] + args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err; p.standardInput = FileHandle.nullDevice
        try p.run()
        let box = OutputBox()
        let group = DispatchGroup()
        group.enter(); DispatchQueue.global().async { box.out = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter(); DispatchQueue.global().async { box.err = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            p.terminate()
            throw Failure(description: "chromium \(args.joined(separator: " ")) did not finish in \(Int(timeout)) s")
        }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            let tail = String(decoding: box.err, as: UTF8.self).split(separator: "\n").suffix(5).joined(separator: "\n")
            throw Failure(description: "chromium exited with \(p.terminationStatus): \(tail)")
        }
        return String(decoding: box.out, as: UTF8.self)
    }

    final class OutputBox: @unchecked Sendable { var out = Data(), err = Data() }
}
