import Foundation
import Testing
@testable import AccordText

private func flat(_ parts: [Numbering.Part]) -> [String] {
    parts.map { ($0.number ?? "∅") + "|" + $0.text }
}

@Suite struct NumberingTests {
    @Test(arguments: [
        ("1. 建档覆盖率 100% 2. 走访覆盖率 100%", ["1.|建档覆盖率 100%", "2.|走访覆盖率 100%"]),
        ("1.建档覆盖率100%2.走访覆盖率100%", ["1.|建档覆盖率100%", "2.|走访覆盖率100%"]),
        ("1、活动不少于 2 场 (发展 1 支老年志愿者服务队) 2、志愿时长不少于 40 时",
         ["1、|活动不少于 2 场 (发展 1 支老年志愿者服务队)", "2、|志愿时长不少于 40 时"]),
        ("1、不少于 4 次服务 2、1 次年中报告， 1 次年终报告", ["1、|不少于 4 次服务", "2、|1 次年中报告，1 次年终报告"]),
        ("1.每年不少于一次\n2.不定期配合上级落实工作\n3.其他", ["1.|每年不少于一次", "2.|不定期配合上级落实工作", "3.|其他"]),
        ("1．活动不少于1场 2．小组至少5节", ["1.|活动不少于1场", "2.|小组至少5节"]),
        ("１．活动 ２．小组", ["1.|活动", "2.|小组"]),
        ("1. 服务时长2.5小时 2. 不少于1次", ["1.|服务时长2.5小时", "2.|不少于1次"]),
        ("1. 建档覆盖100%；2. 一年每人/每户不少于1次；", ["1.|建档覆盖100%", "2.|一年每人/每户不少于1次"]),
        ("1. 建档覆盖100% 2. 不少于1次 3. 每周一次走访", ["1.|建档覆盖100%", "2.|不少于1次", "3.|每周一次走访"]),
        ("根据社区实际每个月不少于一次", ["∅|根据社区实际每个月不少于一次"]),
        ("不少于1次服务", ["∅|不少于1次服务"]),
        ("服务内容：1.走访 2.建档", ["∅|服务内容：", "1.|走访", "2.|建档"]),
        ("2. 走访 3. 建档", ["∅|2. 走访 3. 建档"]),
        ("1. 走访 3. 建档", ["1.|走访 3. 建档"]),
        ("1.走访，每月2.5次", ["1.|走访，每月2.5次"]),
        ("每年不少于 2 次", ["∅|每年不少于 2 次"]),
        ("11. 走访", ["∅|11. 走访"]),
    ])
    func splitsNumbered(_ input: String, _ expected: [String]) {
        #expect(flat(Numbering.splitNumbered(input)) == expected, "\(input)")
    }

    @Test(arguments: [
        ("(1) 走访 (2) 建档", ["(1)|走访", "(2)|建档"]),
        ("（1）走访；（2）建档；（3）报告", ["(1)|走访", "(2)|建档", "(3)|报告"]),
        ("(4.1) 为失业人员提供培训 (4.2) 链接资源", ["(4.1)|为失业人员提供培训", "(4.2)|链接资源"]),
        ("（3.1）走访（3.2）建档", ["(3.1)|走访", "(3.2)|建档"]),
        ("活动 (发展 1 支老年志愿者服务队)", ["∅|活动 (发展 1 支老年志愿者服务队)"]),
        ("(2) 走访 (3) 建档", ["∅|(2) 走访 (3) 建档"]),
        ("(4.1) 走访 (5.2) 建档", ["(4.1)|走访 (5.2) 建档"]),
        ("(1) 走访 (1.1) 建档", ["(1)|走访 (1.1) 建档"]),
        ("( 5.1 ) 技能培训", ["(5.1)|技能培训"]),
        ("无编号", ["∅|无编号"]),
    ])
    func splitsParenNumbered(_ input: String, _ expected: [String]) {
        #expect(flat(Numbering.splitParenNumbered(input)) == expected, "\(input)")
    }
}

/// `tidy` works scalar by scalar when every character is one scalar; that must be exactly what
/// the character-by-character path gives.
@Suite struct TidyPathsTests {
    @Test func scalarPathAgreesWithCharacterPath() {
        // Every string of up to four pieces drawn from these: white space of several kinds, CJK
        // and ASCII punctuation (trailing separators among them), Han, Latin, digits.
        let pieces = [" ", "  ", "\u{3000}", "\t", "\n", "，", ",", "；", ";", "。", "：", "（", ")", "“", "》", "、",
                      "服务", "不少于", "A", "b2", "1", "%", "\u{00A0}"]
        var checked = 0
        func check(_ s: String) {
            let chars = Array(s)[...]
            guard let fast = Numbering.tidyScalars(chars) else { Issue.record("not one scalar each: \(s.debugDescription)"); return }
            #expect(fast == Numbering.tidyCharacters(chars), "\(s.debugDescription)")
            checked += 1
        }
        for a in pieces { for b in pieces { for c in pieces {
            check(a + b + c)
            for d in ["，", " ", "服", "；"] { check(a + b + c + d) }
        } } }
        #expect(checked == pieces.count * pieces.count * pieces.count * 5)
        // A character of two scalars (a combining mark) takes the character path.
        #expect(Numbering.tidyScalars(Array("e\u{301} 。")[...]) == nil)
        #expect(Numbering.tidy(Array(" e\u{301}  x；")[...]) == "e\u{301} x")
    }
}
