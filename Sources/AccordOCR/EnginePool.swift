import Foundation

/// Tesseract engines kept from one document to the next, so that a batch of one-page scans loads the
/// model (measured ≈ 0.1 s) once per worker rather than once per file. An engine is used by one
/// thread at a time: a worker borrows one for its pages and gives it back when they are done. Owned by
/// the readers that share it (`ReaderRegistry.addingOCR`); without a pool each recognition creates and
/// frees its own engines.
public final class EnginePool: @unchecked Sendable {
    // Unchecked: `idle` is read and written under `lock`, and an engine is handed over whole: from the
    // thread that gives it back to the one that borrows it next, never used by both.
    private let lock = NSLock()
    private var idle: [Key: [TesseractEngine]] = [:]
    /// Idle engines kept per model; more given back are freed (several documents read side by side
    /// may use more engines at once than are worth keeping).
    public let keep: Int

    private struct Key: Hashable { var language: String; var dataPath: String? }

    public init(keep: Int = ProcessInfo.processInfo.activeProcessorCount) { self.keep = max(1, keep) }

    /// An idle engine for this model, or a new one.
    func borrow(language: String, dataPath: String?) throws(OCRError) -> TesseractEngine {
        let key = Key(language: language, dataPath: dataPath)
        lock.lock()
        let engine = idle[key]?.popLast()
        lock.unlock()
        if let engine { return engine }
        return try TesseractEngine(language: language, dataPath: dataPath)
    }

    /// Takes the engine back, as a new one would be set up (no character whitelist).
    func giveBack(_ engine: TesseractEngine) {
        engine.setWhitelist("")
        let key = Key(language: engine.language, dataPath: engine.dataPath)
        lock.lock(); defer { lock.unlock() }
        if idle[key, default: []].count < keep { idle[key, default: []].append(engine) }
    }

    /// Idle engines held now (for tests).
    var idleCount: Int { lock.lock(); defer { lock.unlock() }; return idle.values.map(\.count).reduce(0, +) }
}
