import Testing
import Foundation
import AccordReaders
@testable import AccordOCR

@Suite struct EnginePoolTests {
    @Test func anEngineGivenBackIsLentAgainWithoutItsWhitelist() throws {
        let pool = EnginePool(keep: 1)
        let a = try pool.borrow(language: "chi_sim", dataPath: nil)
        a.setWhitelist("0123456789")
        #expect(a.whitelist == "0123456789")
        pool.giveBack(a)
        #expect(pool.idleCount == 1)
        let b = try pool.borrow(language: "chi_sim", dataPath: nil)
        #expect(a === b)
        #expect(b.whitelist == "")
        #expect(pool.idleCount == 0)
        // Beyond `keep`, engines given back are freed.
        let c = try pool.borrow(language: "chi_sim", dataPath: nil)
        #expect(c !== b)
        pool.giveBack(b); pool.giveBack(c)
        #expect(pool.idleCount == 1)
    }

    @Test func aMissingModelIsAnErrorNotAnEngine() {
        let pool = EnginePool()
        #expect(throws: OCRError.self) { try pool.borrow(language: "no_such_model", dataPath: nil) }
        #expect(pool.idleCount == 0)
    }

    @Test func documentsReadWithSharedEnginesReadAsWithFreshOnes() throws {
        let pool = EnginePool()
        let shared = ImageReader(engines: pool)
        let data = try scan("001-annex-table.png")
        let first = try shared.read(input(data, "001-annex-table.png"))
        #expect(pool.idleCount == 1)  // one page, one worker: its engine went back to the pool
        let again = try shared.read(input(data, "001-annex-table.png"))
        #expect(pool.idleCount == 1)  // and was borrowed, not a second one made
        let fresh = try ImageReader().read(input(data, "001-annex-table.png"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(again) == encoder.encode(fresh))
        #expect(try encoder.encode(first) == encoder.encode(fresh))
    }
}
