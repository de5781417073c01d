import Foundation
import AccordModel

/// OLE compound files (the pre-2007 binary container) are not read; this gives the precise
/// reason: a password-protected OOXML file (its `EncryptedPackage` stream), a legacy binary
/// Word `.doc` (`WordDocument` stream), an Excel or PowerPoint file.
public struct OLEReader: DocumentReader {
    public init() {}
    public var name: String { "ole" }
    public func accepts(_ sniff: Sniff) -> Bool { sniff == .ole }

    public func read(_ input: ReaderInput) throws(ReadError) -> IntermediateDocument {
        func has(_ stream: String) -> Bool {
            let pattern = Data(stream.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
            return input.data.range(of: pattern) != nil
        }
        if has("EncryptedPackage") || has("EncryptionInfo") {
            throw ReadError("password-protected (encrypted) Office document: remove the password in Word and save as .docx")
        }
        if has("WordDocument") {
            throw ReadError("legacy binary Word document (.doc): convert it to .docx (e.g. libreoffice --headless --convert-to docx)")
        }
        if has("Workbook") || has("Book") { throw ReadError("legacy binary Excel workbook (.xls): not a supported document") }
        if has("PowerPoint Document") { throw ReadError("legacy binary PowerPoint file (.ppt): not a supported document") }
        throw ReadError("OLE compound file of an unknown kind: convert it to .docx first")
    }
}
