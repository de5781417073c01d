import Testing
import Foundation
@testable import AccordReaders

@Suite struct NumberingTests {
    @Test func chineseCounting() {
        let r = [1, 2, 10, 11, 12, 20, 21, 99, 100, 101, 110, 1001].map { NumberFormat.render($0, format: "chineseCounting") }
        #expect(r == ["一", "二", "十", "十一", "十二", "二十", "二十一", "九十九", "一百", "一百零一", "一百一十", "一千零一"])
    }

    @Test func otherFormats() {
        #expect(NumberFormat.render(10, format: "ideographDigital") == "一〇")
        #expect(NumberFormat.render(14, format: "upperRoman") == "XIV")
        #expect(NumberFormat.render(28, format: "lowerLetter") == "bb")
        #expect(NumberFormat.render(3, format: "decimalEnclosedCircle") == "③")
        #expect(NumberFormat.render(12, format: "chineseLegalSimplified") == "壹拾贰")
        #expect(NumberFormat.render(2, format: "ideographTraditional") == "乙")
        #expect(NumberFormat.render(7, format: "decimalZero") == "07")
    }

    func numbering(_ xml: String) throws -> NumberingDefinitions {
        let doc = """
        <w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\(xml)</w:numbering>
        """
        return try NumberingDefinitions.parse(Data(doc.utf8), part: "word/numbering.xml")
    }

    @Test func templatesLevelsAndRestarts() throws {
        let defs = try numbering("""
        <w:abstractNum w:abstractNumId="0">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="(%2)"/><w:suff w:val="nothing"/></w:lvl>
          <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3"/></w:lvl>
        </w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
        <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
        <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
        """)
        var s = NumberingState(defs)
        #expect(s.next(numId: 1, ilvl: 0)?.label == "一、")
        #expect(s.next(numId: 1, ilvl: 1)! == ("(1)", ""))
        #expect(s.next(numId: 1, ilvl: 1)?.label == "(2)")
        #expect(s.next(numId: 1, ilvl: 2)?.label == "2.1")
        #expect(s.next(numId: 1, ilvl: 0)?.label == "二、")
        #expect(s.next(numId: 1, ilvl: 1)?.label == "(1)", "a deeper level restarts after a higher one")
        // numId 2 shares abstract 0 without override: Word continues the list.
        #expect(s.next(numId: 2, ilvl: 0)?.label == "三、")
        // numId 3 has a start override: its own counters.
        #expect(s.next(numId: 3, ilvl: 1)?.label == "(5)")
        #expect(s.next(numId: 0, ilvl: 0) == nil)
        #expect(s.next(numId: 99, ilvl: 0) == nil)
        #expect(s.next(numId: 1, ilvl: 8) == nil, "an undefined level gives no label, and no crash")
    }

    @Test func hostileStartValuesDoNotOverflow() throws {
        let defs = try numbering("""
        <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="9223372036854775807"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1%1%1"/></w:lvl></w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="-9223372036854775808"/></w:lvlOverride></w:num>
        <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
        """)
        var s = NumberingState(defs)
        #expect(s.next(numId: 1, ilvl: 0)?.label == "000", "start clamped to 0")
        #expect(s.next(numId: 2, ilvl: 0) != nil)
        #expect(s.next(numId: 2, ilvl: 0) != nil)
    }

    @Test func doctypeInPrologIsDetected() {
        #expect(XMLSafety.prologDeclaresDoctype(Data("<?xml version=\"1.0\"?><!-- c --><!DOCTYPE x [<!ENTITY a \"b\">]><x/>".utf8)))
        #expect(!XMLSafety.prologDeclaresDoctype(Data("<?xml version=\"1.0\"?><x><![CDATA[<!DOCTYPE]]></x>".utf8)))
        #expect(!XMLSafety.prologDeclaresDoctype(Data("<x>&lt;!DOCTYPE</x>".utf8)))
    }

    @Test func relationshipTargetsStayInsideThePackage() {
        #expect(Relationships.resolve("numbering.xml", base: "word") == "word/numbering.xml")
        #expect(Relationships.resolve("/word/styles.xml", base: "word") == "word/styles.xml")
        #expect(Relationships.resolve("../customXml/item1.xml", base: "word") == "customXml/item1.xml")
        #expect(Relationships.resolve("../../etc/passwd", base: "word") == nil)
    }
}
