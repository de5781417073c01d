import Foundation
import AccordText
import AccordModel
import AccordDiff
import AccordExport

// accord-bench sha256 FILE... [--rounds N]
// accord-bench diff A.json B.json [--rounds N]   (records as `accord extract` writes them)
// Times swift-crypto's SHA-256 (ContentHash, what Accord uses) against the hand-written digest
// Accord used before, on the same bytes in the same run, alternating, and prints MB/s for each and
// their ratio. Both must give the same digest, or it exits 1.
func usage() -> Never {
    FileHandle.standardError.write(Data("usage: accord-bench sha256 FILE... [--rounds N]\n".utf8))
    exit(2)
}

var args = Array(CommandLine.arguments.dropFirst())
guard let command = args.first, ["sha256", "diff"].contains(command) else { usage() }
args.removeFirst()
var rounds = 5
if let i = args.firstIndex(of: "--rounds") {
    guard i + 1 < args.count, let n = Int(args[i + 1]), n > 0 else { usage() }
    rounds = n
    args.removeSubrange(i...(i + 1))
}
guard !args.isEmpty else { usage() }
if command == "diff" { benchDiff(args, rounds: rounds); exit(0) }
let files: [Data] = args.map { path in
    guard let d = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("accord-bench: \(path): cannot read\n".utf8)); exit(2)
    }
    return d
}
let bytes = files.reduce(0) { $0 + $1.count }
func seconds(_ body: () -> Void) -> Double {
    let t0 = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
}
for f in files where ContentHash.hex(f) != HandSHA256.hex(f) {
    FileHandle.standardError.write(Data("accord-bench: the two digests differ on a file of \(f.count) bytes\n".utf8)); exit(1)
}
var bestCrypto = Double.infinity, bestHand = Double.infinity
for _ in 0..<rounds {
    bestCrypto = min(bestCrypto, seconds { for f in files { _ = ContentHash.hex(f) } })
    bestHand = min(bestHand, seconds { for f in files { _ = HandSHA256.hex(f) } })
}
let mb = Double(bytes) / 1e6
print(String(format: "sha256 over %d files, %.1f MB, best of %d rounds:", files.count, mb, rounds))
print(String(format: "  swift-crypto  %8.1f MB/s  (%.4f s)", mb / bestCrypto, bestCrypto))
print(String(format: "  hand-written  %8.1f MB/s  (%.4f s)", mb / bestHand, bestHand))
print(String(format: "  swift-crypto is %.2f× the hand-written digest's speed", bestHand / bestCrypto))

/// The diff after reading, in this process: two records decoded once, then DocumentDiffer().diff
/// (align, classify, money, payments) and the JSON rendering timed separately over `rounds`.
func benchDiff(_ paths: [String], rounds: Int) {
    guard paths.count == 2 else { usage() }
    let records: [CanonicalDocument] = paths.map { path in
        guard let d = FileManager.default.contents(atPath: path), let r = try? JSONDecoder().decode(CanonicalDocument.self, from: d) else {
            FileHandle.standardError.write(Data("accord-bench: \(path): not a canonical record\n".utf8)); exit(2)
        }
        return r
    }
    var diffTimes: [Double] = [], jsonTimes: [Double] = []
    var last: DocumentDiff?
    for _ in 0..<rounds {
        var d: DocumentDiff?
        diffTimes.append(seconds { d = DocumentDiffer().diff(records[0], records[1]) })
        jsonTimes.append(seconds { _ = try? JSONExport.bytes(d, pretty: true) })
        last = d
    }
    func ms(_ xs: [Double]) -> String {
        let s = xs.sorted()
        return String(format: "median %.1f ms, best %.1f ms", 1000 * s[s.count / 2], 1000 * (s.first ?? 0))
    }
    let n = records.map { $0.packages.flatMap(\.indicators).count }
    print("diff of \(n[0]) against \(n[1]) indicators, \(rounds) rounds, after reading:")
    print("  align + classify + money + payments: " + ms(diffTimes))
    print("  JSON rendering:                      " + ms(jsonTimes))
    if let s = last?.summary { print("  \(s.targetChanged) target_changed, \(s.moved) moved, \(s.reworded) reworded, \(s.added) added, \(s.removed) removed, \(s.unchanged) unchanged") }
}
