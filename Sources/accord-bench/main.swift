import Foundation
import AccordText

// accord-bench sha256 FILE... [--rounds N]
// Times swift-crypto's SHA-256 (ContentHash, what Accord uses) against the hand-written digest
// Accord used before, on the same bytes in the same run, alternating, and prints MB/s for each and
// their ratio. Both must give the same digest, or it exits 1.
func usage() -> Never {
    FileHandle.standardError.write(Data("usage: accord-bench sha256 FILE... [--rounds N]\n".utf8))
    exit(2)
}

var args = Array(CommandLine.arguments.dropFirst())
guard args.first == "sha256" else { usage() }
args.removeFirst()
var rounds = 5
if let i = args.firstIndex(of: "--rounds") {
    guard i + 1 < args.count, let n = Int(args[i + 1]), n > 0 else { usage() }
    rounds = n
    args.removeSubrange(i...(i + 1))
}
guard !args.isEmpty else { usage() }
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
