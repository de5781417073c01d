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

    /// A record long enough that its indicators and findings are written in pieces, concurrently
    /// (the corpus records are too short for that), with every optional member both present and
    /// absent, and confidences other than 1.
    @Test func longArraysMatchFoundation() throws {
        func provenance(_ i: Int) -> Provenance {
            var locator = Locator(part: "word/document.xml", paragraph: i, table: i % 3, row: i, column: i % 5)
            if i % 4 == 0 { locator = Locator(line: i, endLine: i % 8 == 0 ? i + 2 : nil, startColumn: 1, endColumn: i % 40) }
            if i % 7 == 0 { locator.page = 1; locator.bbox = [i, 2, i + 30, 40] }
            return Provenance(source: "c1db", locator: locator, text: "第\(i)行\t\"引\"\n", confidence: i % 3 == 0 ? 0.6 : 1)
        }
        let indicators = (0..<1500).map { i in
            Indicator(category: i % 2 == 0 ? "社区党员服务" : nil, item: "\(i)、服务", requirement: i % 3 == 0 ? nil : "协助开展",
                      subitem: i % 5 == 0 ? nil : "(\(i % 9))", number: i % 4 == 0 ? nil : "\(i % 9).",
                      standard: i % 6 == 0 ? nil : "活动不少于\(i)场",
                      targets: i % 6 == 0 ? [] : [Target(metric: i % 2 == 0 ? "活动" : nil, op: i % 10 == 0 ? .range : .ge, value: Decimal(i),
                                                         max: i % 10 == 0 ? Decimal(i) + Decimal(string: "0.5")! : nil, unit: "场",
                                                         per: i % 3 == 0 ? "月" : nil, text: "不少于\(i)场")],
                      provenance: provenance(i))
        }
        let findings = (0..<700).map { i in
            Finding(code: "indicator.numbering_gap", severity: i % 2 == 0 ? .warning : .info, message: "行 \(i)",
                    provenance: i % 3 == 0 ? nil : provenance(i))
        }
        var named = IndicatorPackage(name: Sourced("仙鹤观社区", provenance(1)), indicators: Array(indicators.prefix(600)))
        named.heading = Sourced("采购包2.仙鹤观社区", provenance(2))
        let packages = [named, IndicatorPackage(name: nil, indicators: indicators)]
        var contract = Contract()
        contract.title = Sourced("补充协议", provenance(3))
        for (kind, c) in [(DocumentKind.amendment, Optional(contract)), (.requirements, nil)] {
            let doc = CanonicalDocument(source: SourceInfo(path: "a/b.docx", sha256: "c1db", format: "docx", encoding: nil),
                                        documentKind: kind, contract: c, packages: packages,
                                        report: Report(actions: [CleaningAction(code: "nfkc", count: 3, examples: ["Ａ"])], findings: findings))
            for pretty in [true, false] {
                #expect(try JSONExport.bytes(doc, pretty: pretty) == Array(try JSONExport.encoder(pretty: pretty).encode(doc)), "pretty=\(pretty)")
                #expect(try JSONExport.parts(doc, pretty: pretty).joined().elementsEqual(try JSONExport.bytes(doc, pretty: pretty)))
            }
        }
        // An object put into key order after a long array in it was written in pieces.
        struct Unordered: Encodable { var zeta = "z"; var indicators: [Indicator]; var alpha = 1 }
        for value in [Unordered(indicators: indicators), Unordered(indicators: Array(indicators.prefix(700)))] {
            for pretty in [true, false] {
                #expect(try JSONExport.bytes(value, pretty: pretty) == Array(try JSONExport.encoder(pretty: pretty).encode(value)), "pretty=\(pretty)")
            }
        }
    }

    @Test func edgeValuesMatchFoundation() throws {
        for pretty in [true, false] {
            #expect(try JSONExport.bytes(Odd(), pretty: pretty) == Array(try JSONExport.encoder(pretty: pretty).encode(Odd())))
            #expect(try JSONExport.bytes([Odd(), Odd()], pretty: pretty) == Array(try JSONExport.encoder(pretty: pretty).encode([Odd(), Odd()])))
        }
    }
}
