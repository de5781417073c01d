import Foundation
import AccordModel
import AccordText

/// Reads text files: Markdown conversions, tab-indented dumps and OCR text layers.
public struct TextReader: DocumentReader {
    public init() {}
    public var name: String { "text" }
    public func accepts(_ sniff: Sniff) -> Bool { sniff == .text }
    public func read(_ input: ReaderInput) throws(ReadError) -> IntermediateDocument {
        let decoded: DecodedText
        do { decoded = try TextDecoding.decode(input.data) } catch { throw ReadError(error.description) }
        var log = ActionLog()
        var blocks: [Block] = []
        for (i, line) in decoded.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let st = TextCleaning.clean(String(line), base: Locator(line: i + 1, startColumn: 1), log: &log)
            blocks.append(.paragraph(Paragraph(content: st)))
        }
        return IntermediateDocument(source: SourceInfo(path: input.path, sha256: input.sha256, format: "text", encoding: decoded.encoding),
                                    blocks: blocks, actions: log.actions)
    }
}
