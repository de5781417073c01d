import Testing
import Foundation
import AccordModel
import AccordPipeline
import AccordExport
import TestSupport

/// `JSONExport.bytes` must write exactly what Foundation's `JSONEncoder` writes with the same
/// options, pretty and compact, for canonical records and intermediate documents.
@Suite struct JSONBytesTests {
    @Test(arguments: GoldenTests.cases())
    func matchesFoundation(input: String, expected: String) throws {
        let data = try Corpus.data(input)
        let doc = try Pipeline().process(data: data, path: input)
        let idoc = try Pipeline().read(data: data, path: input)
        for pretty in [true, false] {
            #expect(try JSONExport.bytes(doc, pretty: pretty) == Array(try JSONExport.encoder(pretty: pretty).encode(doc)), "\(input) pretty=\(pretty)")
            #expect(try JSONExport.bytes(idoc, pretty: pretty) == Array(try JSONExport.encoder(pretty: pretty).encode(idoc)), "\(input) pretty=\(pretty)")
        }
    }

    struct Odd: Encodable {
        var text = "q\"b\\s/t\u{1}\u{1f}\t\n\r\u{8}\u{c}é漢"
        var numbers: [Double] = [1, 0.5, 1e21, -0.0, 123456789.125]
        var floats: [Float] = [0.1, 2]
        var money = Decimal(string: "2690000.50")
        var empty: [Int] = []
        var none: [String: Int] = [:]
        var nested: [[Int]] = [[], [1, 2]]
        var flag = true
        var small: Int8 = -3
        var big: UInt64 = .max
        var key10 = 1, key2 = 2, Key3 = 3, aB = 4, ab = 5
    }

    /// Objects over JSONByteWriter.copyLimit are reordered by rotations instead of a copy.
    @Test func largeObjectsMatchFoundation() throws {
        var big = Odd()
        big.text = String(repeating: "漢字 \"q\" ", count: 20_000)
        var nested = Odd()
        nested.nested = Array(repeating: Array(0..<3000), count: 10)
        for pretty in [true, false] {
            #expect(try JSONExport.bytes(big, pretty: pretty) == Array(try JSONExport.encoder(pretty: pretty).encode(big)))
            #expect(try JSONExport.bytes(nested, pretty: pretty) == Array(try JSONExport.encoder(pretty: pretty).encode(nested)))
            #expect(try JSONExport.bytes([big, nested], pretty: pretty) == Array(try JSONExport.encoder(pretty: pretty).encode([big, nested])))
        }
    }

    @Test func edgeValuesMatchFoundation() throws {
        for pretty in [true, false] {
            #expect(try JSONExport.bytes(Odd(), pretty: pretty) == Array(try JSONExport.encoder(pretty: pretty).encode(Odd())))
            #expect(try JSONExport.bytes([Odd(), Odd()], pretty: pretty) == Array(try JSONExport.encoder(pretty: pretty).encode([Odd(), Odd()])))
        }
    }
}
