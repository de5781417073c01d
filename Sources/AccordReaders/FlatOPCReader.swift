import Foundation
import AccordModel
import AccordText

/// Reads Word XML documents, told apart by their root element (never by file extension):
/// - Flat OPC (`pkg:package` with `pkg:part`, Word's "Save as XML"): the parts are read inline
///   from the one stream with the DOCX parser and converter;
/// - Word 2003 XML (`w:wordDocument`): see `Word2003Reader`;
/// - a bare `w:document` (a `document.xml` taken out of its package).
public struct WordXMLReader: DocumentReader {
    public init() {}
    public var name: String { "word-xml" }
    public func accepts(_ sniff: Sniff) -> Bool { sniff == .xml }

    public func read(_ input: ReaderInput) throws(ReadError) -> IntermediateDocument {
        let stream = try XMLStream(input.data, part: "XML document")
        // Find the root element.
        while try stream.read() { if stream.nodeType == .element { break } }
        guard stream.nodeType == .element else { throw ReadError("XML document without a root element") }
        let root = stream.localName, ns = stream.namespaceURI
        switch (root, ns) {
        case ("package", WordNamespaces.pkg):
            return try FlatOPC.read(stream, input: input)
        case ("wordDocument", WordNamespaces.word2003):
            return try Word2003Reader.read(stream, input: input)
        case ("document", WordNamespaces.main), ("document", WordNamespaces.strict):
            var part = try WordMLParser.parseSubtree(stream, part: "document.xml", dialect: .ooxml)
            part.name = "document.xml"
            var conv = WordConverter(numbering: NumberingDefinitions(), styles: StyleSheet())
            let blocks = conv.body(part)
            return IntermediateDocument(source: SourceInfo(path: input.path, sha256: input.sha256, format: "wordml", encoding: nil),
                                        blocks: blocks, actions: conv.log.actions, findings: conv.findings)
        default:
            throw ReadError("XML of an unsupported vocabulary (root element <\(root)>\(ns.isEmpty ? "" : " in \(ns)")); expected a Word document")
        }
    }
}

/// Word's Flat OPC: every part of the package inline in one XML file.
enum FlatOPC {
    static let mainType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

    static func read(_ stream: XMLStream, input: ReaderInput) throws(ReadError) -> IntermediateDocument {
        var body: WPart?
        var furnitureParts: [WPart] = []
        var numbering = NumberingDefinitions()
        var styles = StyleSheet()
        var findings: [Finding] = []
        var partName = "", contentType = ""
        while try stream.read() {
            guard stream.nodeType == .element else { continue }
            switch stream.localName {
            case "part" where stream.namespaceURI == WordNamespaces.pkg:
                partName = String((stream.attribute("name") ?? "").drop { $0 == "/" })
                contentType = stream.attribute("contentType") ?? ""
            case "binaryData" where stream.namespaceURI == WordNamespaces.pkg:
                stream.skipCurrent()
            case "xmlData" where stream.namespaceURI == WordNamespaces.pkg:
                if stream.isEmptyElement { continue }
                // Step onto the part's root element.
                while try stream.read() { if stream.nodeType == .element { break } }
                guard stream.nodeType == .element else { break }
                let kind = Self.kind(contentType: contentType, name: partName)
                if stream.isEmptyElement { continue }
                switch kind {
                case "main":
                    body = try WordMLParser.parseSubtree(stream, part: partName, dialect: .ooxml)
                case "header", "footer":
                    furnitureParts.append(try WordMLParser.parseSubtree(stream, part: partName, dialect: .ooxml))
                case "numbering":
                    do { numbering = try NumberingDefinitions.parse(stream, until: stream.depth) }
                    catch { findings.append(Finding(code: "docx.numbering_unreadable", severity: .warning, message: error.reason)) }
                case "styles":
                    styles = try StyleSheet.parse(stream, until: stream.depth)
                default:
                    stream.skipCurrent()
                }
            default:
                break
            }
        }
        guard let body else { throw ReadError("Flat OPC package without a main document part (word/document.xml)") }
        var conv = WordConverter(numbering: numbering, styles: styles)
        let blocks = conv.body(body)
        let furniture = furnitureParts.flatMap { conv.furniture($0) }
        return IntermediateDocument(source: SourceInfo(path: input.path, sha256: input.sha256, format: "flat-opc", encoding: nil),
                                    blocks: blocks, actions: conv.log.actions, findings: findings + conv.findings, furniture: furniture)
    }

    static func kind(contentType: String, name: String) -> String {
        if contentType == mainType || contentType.hasSuffix("document.main+xml") || contentType.hasSuffix("template.main+xml") { return "main" }
        if contentType.hasSuffix("wordprocessingml.header+xml") { return "header" }
        if contentType.hasSuffix("wordprocessingml.footer+xml") { return "footer" }
        if contentType.hasSuffix("wordprocessingml.numbering+xml") { return "numbering" }
        if contentType.hasSuffix("wordprocessingml.styles+xml") { return "styles" }
        let n = name.lowercased()
        if contentType.isEmpty {
            if n == "word/document.xml" { return "main" }
            if n == "word/numbering.xml" { return "numbering" }
            if n == "word/styles.xml" { return "styles" }
            if n.hasPrefix("word/header") { return "header" }
            if n.hasPrefix("word/footer") { return "footer" }
        }
        return "other"
    }
}
