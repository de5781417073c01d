import Testing
import Foundation
@testable import AccordReaders

/// `SAXStream` must answer as `XMLStream` (libxml2's reader) does, node for node, and fail with
/// the same message on the same malformed input.
@Suite struct SAXStreamTests {
    /// A trace of what `WordMLParser` can observe: elements (name, depth, empty, namespace, a few
    /// attributes), end tags, the text of `t` elements, and subtrees of `skip` elements stepped over.
    static func trace<S: XMLPullSource>(_ s: S) -> [String] {
        var out: [String] = []
        do {
            while try s.read() {
                switch s.nodeType {
                case .element:
                    let attrs = ["val", "xmlns", "w", "a", "b"].map { "\($0)=\(s.attribute($0) ?? "nil")" }.joined(separator: ",")
                    out.append("<\(s.localName) d\(s.depth) e\(s.isEmptyElement) w\(s.inWordNamespace) \(attrs)")
                    if s.localName == "t" { out.append("text[\(try s.textContent())] d\(s.depth) \(s.nodeType)") }
                    else if s.localName == "skip" { s.skipCurrent() }
                case .endElement:
                    out.append("</\(s.localName) d\(s.depth)")
                default:
                    break
                }
            }
            out.append("end")
        } catch {
            out.append("error: \(error.reason)")
        }
        return out
    }

    static func compare(_ xml: String) throws {
        let data = Data(xml.utf8)
        let a: [String], b: [String]
        do { a = trace(try XMLStream(data, part: "p.xml")) } catch { a = ["init: \(error.reason)"] }
        do { b = trace(try SAXStream(data, part: "p.xml")) } catch { b = ["init: \(error.reason)"] }
        // A part that fails is dropped whole (nothing read from it is kept), so on failure only the
        // message must agree; how many nodes each stream delivered before failing does not matter.
        if let ea = a.last, ea.hasPrefix("error") || ea.hasPrefix("init") {
            #expect(ea == b.last, "\(xml.prefix(120))")
        } else {
            #expect(a == b, "\(xml.prefix(120))")
        }
    }

    static let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

    @Test(arguments: [
        "<?xml version=\"1.0\"?><w:document \(w)><w:body><w:p><w:r><w:t>甲 乙</w:t><w:t/><w:t></w:t><w:tab/></w:r></w:p></w:body></w:document>",
        "<w:document \(w)><w:p a=\"x &amp; y &lt; z &#38; &#x26; &quot;q&quot; &amp;#38;\" b='\t1\n2'><w:t>a&amp;b&lt;c&#x4E2D;<![CDATA[<raw> & ]]>d<!-- c --><?pi x?>e</w:t></w:p></w:document>",
        "<doc xmlns=\"urn:x\" xmlns:val=\"urn:v\"><t xml:space=\"preserve\">   </t><w:x \(w) w:val=\"3\"/><skip><a><t>no</t></a></skip><skip/><after/></doc>",
        "<r>\n  <a>\n    <t>x</t>\n  </a>\n  <b></b>\n</r>\n",
        "<r><a/><a></a><skip></skip><t>\(String(repeating: "长文本 ", count: 400))</t></r>",
        "<r>" + String(repeating: "<p val=\"1\"><t>段落</t></p>", count: 200) + "</r>",
        // Malformed and refused input: the same failure.
        "", "   ", "<?xml version=\"1.0\"?>", "<r>", "<r></s>", "<r/><extra/>", "<r>&foo;</r>", "<w:r/>", "<r a=\"1\" a=\"2\"/>",
        "<r>\u{0}</r>", "<r><t>x</t>", "not xml", "<r>&#0;</r>", "<r><!DOCTYPE x></r>",
        String(repeating: "<d>", count: 300) + String(repeating: "</d>", count: 300),
        "<x>\n" + String(repeating: "<d>\n", count: 257) + String(repeating: "</d>", count: 257) + "</x>",
        String(repeating: "<d>", count: 257) + String(repeating: "</d>", count: 257),
        "<r>" + String(repeating: "<p>x</p>", count: 100) + "<p>&bad;</p></r>",
        // Undeclared prefixes: a namespace error, not fatal; the reader names the node by its QName.
        "<w:r x:val=\"1\" val=\"2\"><w:t>q</w:t></w:r>", "<r \(w)><w:p/><x:p x:val=\"3\"/></r>",
    ])
    func agreesWithReader(_ xml: String) throws {
        try Self.compare(xml)
    }

    /// Parts of `SAXStream.threadedFrom` bytes and more are parsed on a thread of their own, in
    /// batches: the same nodes, the same failures (a malformed chunk far into the part, a refused
    /// depth, a text node cut by chunk ends), and a reader that stops early does not hang.
    static let large: [String] = {
        let rows = String(repeating: "<p val=\"1\" w=\"a&amp;b\"><t>段落文字 text</t><skip><t>no</t></skip><e/></p>\n", count: 4000)
        let longText = "<t>" + String(repeating: "长文本跨过块边界", count: 40_000) + "</t>"
        return [
            "<r \(w)>" + rows + longText + rows + "</r>",
            "<r>" + rows + "<p>&bad;</p>" + rows + "</r>",
            "<r>" + rows + String(repeating: "<d>", count: 300) + String(repeating: "</d>", count: 300) + "</r>",
            "<r>" + rows + rows + "</s>",
        ]
    }()

    @Test(arguments: large.indices)
    func largePartsAgreeWithReader(_ k: Int) throws {
        #expect(Self.large[k].utf8.count >= SAXStream.threadedFrom)
        try Self.compare(Self.large[k])
    }

    @Test func readerStoppingEarlyEndsTheParsingThread() throws {
        for _ in 0..<20 {
            let s = try SAXStream(Data(Self.large[0].utf8), part: "p.xml")
            // <r> <p> <t> text </t> <skip> <t> text </t> </skip>: the tenth node.
            for _ in 0..<10 { _ = try s.read() }
            #expect(s.nodeType == .endElement && s.localName == "skip")
        }
    }

    @Test func refusesDoctype() {
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e \"x\">]><r>&e;</r>"
        #expect(throws: ReadError.self) { _ = try SAXStream(Data(xml.utf8), part: "p.xml") }
    }
}
