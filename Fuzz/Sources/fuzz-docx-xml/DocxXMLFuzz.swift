import Foundation
import AccordReaders
import FuzzSupport

/// DOCX at the document.xml level: the fuzzed bytes become the parts of a minimal valid DOCX
/// built in memory (stored entries, right CRCs), so every execution reaches the WordprocessingML
/// parsers (SAX stream for the body, XMLStream for numbering and styles) and the converter.
///
/// The input is split at the marker `<!--fuzz:part-->`: the first piece is `word/document.xml`,
/// then `word/numbering.xml`, `word/styles.xml`, `word/header1.xml` (each only when present).
/// Then normalize, repair, check.
let marker = Data("<!--fuzz:part-->".utf8)
let partNames = ["word/document.xml", "word/numbering.xml", "word/styles.xml", "word/header1.xml"]
let relTypes = ["", "numbering", "styles", "header"]

func split(_ data: Data) -> [Data] {
    var pieces: [Data] = []
    var rest = data[...]
    while pieces.count < partNames.count - 1, let r = rest.range(of: marker) {
        pieces.append(Data(rest[..<r.lowerBound]))
        rest = rest[r.upperBound...]
    }
    pieces.append(Data(rest))
    return pieces
}

func package(_ parts: [Data]) -> Data {
    let contentTypes = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
    """
    let rootRels = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
    """
    var docRels = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    for i in 1..<parts.count {
        let target = partNames[i].dropFirst("word/".count)
        docRels += #"<Relationship Id="rId\#(i)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/\#(relTypes[i])" Target="\#(target)"/>"#
    }
    docRels += "</Relationships>"
    var entries: [(name: String, data: Data)] = [
        ("[Content_Types].xml", Data(contentTypes.utf8)),
        ("_rels/.rels", Data(rootRels.utf8)),
        ("word/_rels/document.xml.rels", Data(docRels.utf8)),
    ]
    for (i, part) in parts.enumerated() { entries.append((partNames[i], part)) }
    return StoredZip.archive(entries)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let data = FuzzSupport.data(bytes, size)
    let docx = package(split(data))
    precondition(Sniff.of(docx) == .zip)
    FuzzSupport.read(DocxReader(), FuzzSupport.input(docx, sniff: .zip))
    return 0
}
