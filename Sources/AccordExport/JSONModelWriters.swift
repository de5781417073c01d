import Foundation
import AccordModel

/// Hand-written JSON for the model types a large document holds by the thousand (each indicator
/// carries a provenance with a locator, and its targets), bypassing `encode(to:)` and its
/// containers, and for the record and its packages, which hold all of them.
///
/// Each writes exactly what the synthesized `Codable` conformance gives through
/// `JSONByteWriter`: members in sorted key order, nil members left out. A member added to one of
/// these types must be added here too (JSONBytesTests compares the whole corpus with Foundation).
extension JSONByteWriter {
    /// The members of one object, written in key order.
    struct Members {
        let writer: JSONByteWriter
        let depth: Int
        private var empty = true

        init(_ writer: JSONByteWriter, depth: Int) { self.writer = writer; self.depth = depth }

        /// Writes the separator and `key` of the next member (keys must come in sorted order).
        /// The bytes are put together first and appended at once (every append to `out` checks
        /// exclusive access, uniqueness and capacity).
        mutating func key(_ key: StaticString) {
            let separator = empty ? UInt8(ascii: "{") : UInt8(ascii: ",")
            empty = false
            let pretty = writer.pretty
            let indent = pretty ? 2 * (depth + 1) : 0
            let length = key.utf8CodeUnitCount
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1 + (pretty ? 1 + indent : 0) + length + 2 + (pretty ? 3 : 1)) { buf in
                guard let p = buf.baseAddress else { return }
                var i = 0
                func put(_ b: UInt8) { p[i] = b; i += 1 }
                put(separator)
                if pretty {
                    put(0x0A)
                    (p + i).initialize(repeating: 0x20, count: indent); i += indent
                }
                put(0x22)
                // The indent and the key as block copies, not byte by byte (a key is written ≈20
                // times per indicator).
                (p + i).initialize(from: key.utf8Start, count: length); i += length
                put(0x22)
                if pretty { put(0x20); put(UInt8(ascii: ":")); put(0x20) } else { put(UInt8(ascii: ":")) }
                writer.out.append(contentsOf: UnsafeBufferPointer(start: p, count: i))
            }
        }

        mutating func string(_ key: StaticString, _ value: String?) {
            guard let value else { return }
            self.key(key); writer.string(value)
        }

        mutating func integer(_ key: StaticString, _ value: Int?) {
            guard let value else { return }
            self.key(key); writer.integer(value)
        }

        func close() {
            if empty { writer.endObject([], depth: depth); return }
            if writer.pretty { writer.newline(indent: depth) }
            writer.out.append(UInt8(ascii: "}"))
        }
    }

    /// The record and its packages in key order as they are written, so that neither is put
    /// in order afterwards: the document's packages (nearly all its bytes) were written before
    /// `report`, `schemaVersion` and `source`, and then moved past them.
    func write(_ x: CanonicalDocument, depth: Int) throws {
        var m = Members(self, depth: depth)
        if let contract = x.contract { m.key("contract"); try value(contract, depth: depth + 1) }
        m.string("documentKind", x.documentKind.rawValue)
        m.key("packages"); try value(x.packages, depth: depth + 1)
        m.key("report"); try value(x.report, depth: depth + 1)
        m.string("schemaVersion", x.schemaVersion)
        m.key("source"); try value(x.source, depth: depth + 1)
        m.close()
    }

    func write(_ x: IndicatorPackage, depth: Int) throws {
        var m = Members(self, depth: depth)
        if let heading = x.heading { m.key("heading"); try value(heading, depth: depth + 1) }
        m.key("indicators"); try value(x.indicators, depth: depth + 1)
        if let name = x.name { m.key("name"); try value(name, depth: depth + 1) }
        m.close()
    }

    func write(_ x: Indicator, depth: Int) throws {
        var m = Members(self, depth: depth)
        m.string("category", x.category)
        m.string("item", x.item)
        m.string("number", x.number)
        m.key("provenance"); try write(x.provenance, depth: depth + 1)
        m.string("requirement", x.requirement)
        m.string("standard", x.standard)
        m.string("subitem", x.subitem)
        m.key("targets")
        for (i, t) in x.targets.enumerated() {
            beginElement(i, depth: depth + 1)
            write(t, depth: depth + 2)
        }
        endArray(count: x.targets.count, depth: depth + 1)
        m.close()
    }

    func write(_ x: Target, depth: Int) {
        var m = Members(self, depth: depth)
        if let max = x.max { m.key("max"); ascii(max.description) }
        m.string("metric", x.metric)
        m.string("op", x.op.rawValue)
        m.string("per", x.per)
        m.string("text", x.text)
        m.string("unit", x.unit)
        m.key("value"); ascii(x.value.description)
        m.close()
    }

    func write(_ x: Provenance, depth: Int) throws {
        var m = Members(self, depth: depth)
        m.key("confidence"); try floating(x.confidence)
        m.key("locator"); try write(x.locator, depth: depth + 1)
        m.string("source", x.source)
        m.string("text", x.text)
        m.close()
    }

    func write(_ x: Locator, depth: Int) throws {
        var m = Members(self, depth: depth)
        if let bbox = x.bbox { m.key("bbox"); try value(bbox, depth: depth + 1) }
        m.integer("cellParagraph", x.cellParagraph)
        m.integer("column", x.column)
        m.integer("endColumn", x.endColumn)
        m.integer("endLine", x.endLine)
        m.integer("line", x.line)
        m.integer("page", x.page)
        m.integer("paragraph", x.paragraph)
        m.string("part", x.part)
        m.integer("row", x.row)
        m.integer("startColumn", x.startColumn)
        m.integer("table", x.table)
        m.close()
    }
}
