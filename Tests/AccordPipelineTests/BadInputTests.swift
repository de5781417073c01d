import Testing
import Foundation
import AccordPipeline
import AccordReaders

/// Bad input of any kind gives a one-line reason, never a crash.
@Suite struct BadInputTests {
    @Test(arguments: [
        (Data(), "empty file"),
        (Data([0x00, 0x01, 0x02, 0x03, 0xFE, 0x00, 0x07, 0x08, 0x00, 0x00]), "binary content"),
        (Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504)), "OLE"),
        (Data("   \n\t\n".utf8), "no text"),
        (Data([0xC3, 0x28, 0xFF, 0xFE, 0xFD, 0x81, 0x30, 0x81]), "not valid"),
    ])
    func rejected(data: Data, reason: String) {
        do {
            _ = try Pipeline().process(data: data, path: "bad.bin")
            Issue.record("expected a ReadError")
        } catch {
            #expect(error.reason.contains(reason), "reason was: \(error.reason)")
            #expect(!error.reason.contains("\n"))
        }
    }

    @Test func missingFileIsOneLine() {
        #expect(throws: ReadError.self) { try Pipeline().process(fileAt: "/nonexistent/accord/file.txt") }
    }
}
