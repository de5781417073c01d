import Testing
@testable import AccordReaders

@Suite struct DocxSmokeTests {
    @Test func registryHasReaders() { #expect(!ReaderRegistry.standard.readers.isEmpty) }
}
