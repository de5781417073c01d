import CLeptonica
import CTesseract

/// Versions of the C libraries this build links (for reports and benchmarks).
public enum OCRLibraries {
    public static var tesseractVersion: String { TessVersion().map { String(cString: $0) } ?? "?" }
    public static var leptonicaVersion: String {
        guard let p = getLeptonicaVersion() else { return "?" }
        defer { lept_free(p) }
        return String(cString: p)
    }
}
