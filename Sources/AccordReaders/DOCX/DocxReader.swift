import Foundation
import AccordModel
import AccordText

/// Reads Word documents (.docx, OOXML in a ZIP) in memory: `word/document.xml` with its
/// `numbering.xml`, `styles.xml`, headers and footers, through libxml2: the WordprocessingML parts
/// (body, headers, footers) with its SAX2 push parser (`SAXStream`), the small ones with `XMLStream`.
///
/// The ZIP is inflated part by part under `ZipLimits` (zip bombs stop at the cap, not after).
/// A ZIP that is not a Word document (a workbook, an OpenDocument file…) gets a one-line reason.
public struct DocxReader: DocumentReader {
    public var limits: ZipLimits
    public init(limits: ZipLimits = ZipLimits()) { self.limits = limits }
    public var name: String { "docx" }
    public func accepts(_ sniff: Sniff) -> Bool { sniff == .zip }

    public func read(_ input: ReaderInput) throws(ReadError) -> IntermediateDocument {
        let pkg = try ZipPackage(input.data, limits: limits)
        var findings: [Finding] = []
        if !pkg.unsafeNames.isEmpty {
            findings.append(Finding(code: "zip.unsafe_entry_path", severity: .warning,
                message: "ZIP entries with absolute or ../ paths were ignored (never written anywhere): "
                    + pkg.unsafeNames.prefix(3).joined(separator: ", ") + (pkg.unsafeNames.count > 3 ? " …" : "")))
        }
        let mainPart = try Self.mainDocumentPart(pkg)
        guard pkg.contains(mainPart) else { throw Self.notWord(pkg) }

        // Relationships of the main part: numbering, styles, headers, footers.
        let dir = mainPart.lastIndex(of: "/").map { String(mainPart[..<$0]) } ?? ""
        let relsName = (dir.isEmpty ? "" : dir + "/") + "_rels/" + (mainPart.split(separator: "/").last.map(String.init) ?? "document.xml") + ".rels"
        var rels: [(type: String, target: String)] = []
        if let relsData = try pkg.part(relsName) {
            do { rels = try Relationships.parse(relsData, part: relsName, base: dir) }
            catch { findings.append(Finding(code: "docx.relationships_unreadable", severity: .warning, message: error.reason)) }
        }
        func target(_ kind: String, fallback: String) -> String {
            rels.first { $0.type.hasSuffix("/" + kind) }?.target ?? ((dir.isEmpty ? "" : dir + "/") + fallback)
        }

        var styles = StyleSheet()
        if let d = try pkg.part(target("styles", fallback: "styles.xml")) {
            do { styles = try StyleSheet.parse(d, part: target("styles", fallback: "styles.xml")) }
            catch { findings.append(Finding(code: "docx.styles_unreadable", severity: .warning, message: error.reason + "; headings not detected")) }
        }
        var numbering = NumberingDefinitions()
        if let d = try pkg.part(target("numbering", fallback: "numbering.xml")) {
            do { numbering = try NumberingDefinitions.parse(d, part: target("numbering", fallback: "numbering.xml")) }
            catch { findings.append(Finding(code: "docx.numbering_unreadable", severity: .warning, message: error.reason + "; list labels not rendered")) }
        }

        // The body is converted while it is parsed (a table row by row, as libxml2 reads on, on
        // its own thread), and a large one parsed while it is inflated (on a third); the
        // inflated part lives only while it is parsed.
        var body = WordBodyConverter(WordConverter(numbering: numbering, styles: styles), part: mainPart)
        guard let parsed = try pkg.streamPart(mainPart).map({ (b: PartBytes) throws(ReadError) -> WPart in
            try WordMLParser<SAXStream>.parse(b, part: mainPart, dialect: .ooxml, into: &body)
        }) else { throw Self.notWord(pkg) }
        let blocks = body.finish(parsed)
        var conv = body.converter

        var furniture: [Paragraph] = []
        let furnitureParts = rels.filter { $0.type.hasSuffix("/header") || $0.type.hasSuffix("/footer") }.map(\.target)
        for name in furnitureParts {
            guard let d = try pkg.part(name) else { continue }
            do { furniture += conv.furniture(try WordMLParser<SAXStream>.parse(d, part: name, dialect: .ooxml)) }
            catch { findings.append(Finding(code: "docx.furniture_unreadable", severity: .info, message: error.reason)) }
        }
        return IntermediateDocument(
            source: SourceInfo(path: input.path, sha256: input.sha256, format: "docx", encoding: nil),
            blocks: blocks, actions: conv.log.actions, findings: findings + conv.findings, furniture: furniture)
    }

    /// The main part named by the package relationships (`_rels/.rels`), else `word/document.xml`.
    static func mainDocumentPart(_ pkg: ZipPackage) throws(ReadError) -> String {
        if let d = try pkg.part("_rels/.rels"),
           let rels = try? Relationships.parse(d, part: "_rels/.rels", base: ""),
           let main = rels.first(where: { $0.type.hasSuffix("/officeDocument") })?.target,
           pkg.contains(main) {
            return main
        }
        if pkg.contains("word/document.xml") { return "word/document.xml" }
        throw notWord(pkg)
    }

    static func notWord(_ pkg: ZipPackage) -> ReadError {
        let names = Set(pkg.names.map { $0.lowercased() })
        if names.contains("xl/workbook.xml") { return ReadError("an Excel workbook (.xlsx), not a Word document") }
        if names.contains("ppt/presentation.xml") { return ReadError("a PowerPoint presentation (.pptx), not a Word document") }
        if names.contains("content.xml") && names.contains("mimetype") { return ReadError("an OpenDocument file (.odt/.ods): convert it to .docx first") }
        if names.contains("encryptedpackage") { return ReadError("password-protected (encrypted) Office document: decrypt it first") }
        return ReadError("ZIP archive is not a Word document (no word/document.xml)")
    }
}

/// `.rels` parts: relationship type and target, targets resolved against the source part's folder.
enum Relationships {
    static func parse(_ data: Data, part: String, base: String) throws(ReadError) -> [(type: String, target: String)] {
        let s = try XMLStream(data, part: part)
        var out: [(String, String)] = []
        while try s.read() {
            guard s.nodeType == .element, s.localName == "Relationship" else { continue }
            guard let type = s.attribute("Type"), let target = s.attribute("Target"), s.attribute("TargetMode") != "External" else { continue }
            if let resolved = resolve(target, base: base) { out.append((type, resolved)) }
        }
        return out
    }

    /// Resolves a relative target; nil when it climbs out of the package.
    static func resolve(_ target: String, base: String) -> String? {
        var parts: [Substring] = target.hasPrefix("/") ? [] : base.split(separator: "/")
        for seg in target.split(separator: "/") {
            if seg == "." || seg.isEmpty { continue }
            if seg == ".." { if parts.isEmpty { return nil }; parts.removeLast(); continue }
            parts.append(seg)
        }
        return parts.joined(separator: "/")
    }
}
