import Testing
import Foundation
@testable import AccordReaders

@Suite struct SnifferTests {
    @Test(arguments: [
        ([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00] as [UInt8], Sniff.zip),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], .ole),
        (Array("%PDF-1.7\n".utf8), .pdf),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], .png),
        ([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], .jpeg),
        ([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0], .tiff),
        (Array("<?xml version=\"1.0\"?><pkg:package/>".utf8), .xml),
        (Array("  <!DOCTYPE html><html><body></body></html>".utf8), .html),
        (Array("甲方：深圳市\n乙方：某某中心\n".utf8), .text),
        ([0x00, 0x01, 0x02, 0x03, 0xFE, 0x00, 0x07, 0x08], .binary),
        ([], .empty),
    ])
    func sniffsByContent(bytes: [UInt8], expected: Sniff) {
        #expect(Sniff.of(Data(bytes)) == expected)
    }
}
