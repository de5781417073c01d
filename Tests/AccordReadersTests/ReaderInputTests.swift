import Testing
import Foundation
import AccordText
@testable import AccordReaders

/// `ReaderInput` computes the file's SHA-256 itself when not given one: on its own thread for a
/// large input (the reader works meanwhile), at once for a small one; either way the same digest.
@Suite struct ReaderInputTests {
    @Test(arguments: [0, 1, 55, 64, 1000, 256 * 1024 - 1, 256 * 1024, 3 * 1024 * 1024 + 7])
    func digestComputedByTheInputIsTheFilesSHA256(size: Int) {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let input = ReaderInput(data: data, path: "x", sniff: .text)
        #expect(input.sha256 == ContentHash.hex(data))
        #expect(input.sha256.count == 64)
        // Copies share the one computation.
        let copy = input
        #expect(copy.sha256 == input.sha256)
    }

    @Test func knownDigestIsKept() {
        #expect(ReaderInput(data: Data("abc".utf8), path: "x", sha256: "given", sniff: .text).sha256 == "given")
    }
}
