import Foundation
import AccordModel
import AccordText

/// Word 2003 XML (`w:wordDocument`, WordprocessingML 2003). The body vocabulary is close to
/// OOXML's (`w:p`, `w:r`, `w:t`, `w:tbl`, `w:gridSpan`) with a few differences the shared parser
/// knows: `w:vmerge`, lists as `w:listPr` / `w:ilfo` over `w:lists` (`w:listDef`, `w:list`,
/// `w:nfc` format codes), the rendered label Word stores in `wx:t`, and headers / footers kept
/// inside `w:sectPr`.
enum Word2003Reader {
    static func read(_ stream: XMLStream, input: ReaderInput) throws(ReadError) -> IntermediateDocument {
        var body: WPart?
        var numbering = NumberingDefinitions()
        var styles = StyleSheet()
        let rootDepth = stream.depth
        while try stream.read() {
            guard stream.nodeType == .element, stream.depth == rootDepth + 1 else { continue }
            if stream.isEmptyElement { continue }
            switch stream.localName {
            case "lists": numbering = try NumberingDefinitions.parse(stream, until: stream.depth)
            case "styles": styles = try StyleSheet.parse(stream, until: stream.depth)
            case "body": body = try WordMLParser.parseSubtree(stream, part: "w:body", dialect: .word2003)
            default: stream.skipCurrent()
            }
        }
        guard let body else { throw ReadError("Word 2003 XML without a w:body") }
        var conv = WordConverter(numbering: numbering, styles: styles)
        let blocks = conv.body(body)
        var furniturePart = body
        furniturePart.blocks = []
        furniturePart.insertions = 0; furniturePart.deletions = 0; furniturePart.unmappedSymbols = []
        let furniture = conv.furniture(furniturePart)
        return IntermediateDocument(source: SourceInfo(path: input.path, sha256: input.sha256, format: "word2003-xml", encoding: nil),
                                    blocks: blocks, actions: conv.log.actions, findings: conv.findings, furniture: furniture)
    }
}
