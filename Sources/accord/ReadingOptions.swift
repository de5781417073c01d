import Foundation
import ArgumentParser
import AccordPipeline
import AccordReaders
import AccordOCR

/// How a command's files are read: `--timeout`, `--in-process`.
struct ReadingOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A file still being read after SECONDS is reported as timed out (batches).", valueName: "SECONDS"))
    var timeout: Double = 600

    @Flag(name: .long, help: "Read on threads of this process instead of worker processes (a file that crashes the reader then ends the batch; no time limit).")
    var inProcess = false

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds") }
    }

    /// Worker processes for a batch (more than one file), unless `--in-process`.
    func reading(batch: Bool) -> FileReading {
        FileReading(workers: batch && !inProcess ? ReadWorkers(timeout: timeout) : nil)
    }

    /// Before anything is printed: when `paths` are read in this process and one of them will be
    /// OCR'd, re-executes the process single-threaded for Tesseract (`OMPThreadLimit`). Workers
    /// are started with the variable set instead, so a batch read by them is not sniffed for it.
    func prepareProcess(reading paths: [String], batch: Bool) {
        if !batch || inProcess { OMPThreadLimit.reexecIfNeeded(forReading: paths) }
    }
}

/// Reads files for a command: in worker processes (`ReadWorkers`: a crash or hang is one failed
/// file) or on the calling thread.
struct FileReading: Sendable {
    let workers: ReadWorkers?
    let pipeline = Pipeline()

    func perform(_ r: ReadRequest) -> Result<[[UInt8]], ReadError> {
        workers?.perform(r) ?? ReadJobs.perform(r, pipeline: pipeline)
    }

    /// `perform`, its first part, or its error thrown.
    func first(_ r: ReadRequest) throws(ReadError) -> [UInt8] {
        try perform(r).get().first ?? []
    }
}
