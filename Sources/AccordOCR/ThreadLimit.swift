import Foundation
import AccordReaders
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Debian's libtesseract is built with OpenMP; on 2 cores its own threading made a page 5–7× slower
/// for the same text (ENGINEERING-NOTES). libgomp reads `OMP_THREAD_LIMIT` when the process starts, so
/// setting it later has no effect: the process re-executes itself once with the variable set.
/// Accord parallelizes by pages instead (one TessBaseAPI per worker).
public enum OMPThreadLimit {
    /// Marks the re-executed process, so a failing or ignored variable can never cause a loop.
    public static let guardVariable = "ACCORD_OMP_REEXEC"

    /// Call first thing in `main`. Returns (does nothing) when `OMP_THREAD_LIMIT` is already set
    /// (the user's choice is kept), when this process is already the re-executed one, or when
    /// `execv` fails (then Tesseract simply runs with OpenMP's default).
    public static func reexecIfNeeded() {
        guard mayReexecute else { return }
        setenv("OMP_THREAD_LIMIT", "1", 1)
        setenv(guardVariable, "1", 1)
        _ = execv("/proc/self/exe", CommandLine.unsafeArgv)
    }

    /// `reexecIfNeeded`, but only when one of `paths` will go through OCR (its first bytes sniff as
    /// content `registry` gives to an OCR reader: an image or a PDF). Re-executing costs a second
    /// process start (≈40 ms measured, a third of libxml2's whole parse of a 10 MB document.xml),
    /// which a batch of DOCX, XML, HTML or text files has no reason to pay. Call it before any
    /// output, with every path the command will read; unreadable paths are left to the pipeline.
    public static func reexecIfNeeded(forReading paths: [String], registry: ReaderRegistry = .withOCR) {
        guard mayReexecute else { return }
        if paths.contains(where: { registry.needsOCR(fileAt: $0) }) { reexecIfNeeded() }
    }

    /// Neither the user's own OMP_THREAD_LIMIT nor an earlier re-execution of this process.
    private static var mayReexecute: Bool {
        getenv("OMP_THREAD_LIMIT") == nil && getenv(guardVariable) == nil
    }

    /// Whether Tesseract will run single-threaded in this process.
    public static var isLimited: Bool {
        guard let v = getenv("OMP_THREAD_LIMIT") else { return false }
        return String(cString: v) == "1"
    }
}
