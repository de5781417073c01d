import Foundation
import CZlibChecksum

/// Inflates one ZIP entry's stored bytes with zlib, reading nothing outside them.
///
/// ZIPFoundation (0.9.x, Linux) lists the archive, but its inflater (`Data.decode`, behind
/// `Archive.extract`) reads the archive file from the entry's data onwards, past the entry's
/// compressed size, until the deflate stream ends; on a stream that never ends (truncated, or
/// damaged into one with no final block) it reaches the end of the file, where each read returns
/// no bytes and its loop goes round for ever without calling the consumer. fuzz-docx-zip found
/// such a file (corpus/hostile/fuzz/). Here the input is exactly the entry's compressed bytes, and
/// a stream still open when they are used up is an error.
enum EntryInflater {
    enum Failure: Error {
        /// The deflate stream does not end within the entry's compressed bytes.
        case truncated
        /// zlib refused the stream (`Z_DATA_ERROR` and the like).
        case damaged
        /// Neither stored (0) nor deflated (8).
        case unsupportedMethod(Int)
        /// The consumer asked to stop (it threw).
        case stopped(Error)
    }

    /// Inflates `data[range]` (relative to `data.startIndex`) by `method`, handing `consume` the
    /// output in chunks of at most `chunkSize` bytes.
    static func inflate(_ data: Data, _ range: Range<Int>, method: Int, chunkSize: Int = 64 * 1024,
                        _ consume: (Data) throws -> Void) throws(Failure) {
        let lo = data.startIndex + range.lowerBound, hi = data.startIndex + range.upperBound
        switch method {
        case 0:
            var at = lo
            while at < hi {
                let end = min(hi, at + chunkSize)
                do { try consume(data.subdata(in: at..<end)) } catch { throw .stopped(error) }
                at = end
            }
        case 8:
            try deflated(data, lo..<hi, chunkSize: chunkSize, consume)
        default:
            throw .unsupportedMethod(method)
        }
    }

    private static func deflated(_ data: Data, _ range: Range<Int>, chunkSize: Int, _ consume: (Data) throws -> Void) throws(Failure) {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw .damaged }
        defer { inflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: chunkSize)
        let result: Result<Void, Failure> = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Result<Void, Failure> in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: Bytef.self) else { return .failure(.truncated) }
            // zlib takes at most UInt32.max bytes of input at once.
            var offset = range.lowerBound - data.startIndex
            let end = range.upperBound - data.startIndex
            stream.next_in = UnsafeMutablePointer(mutating: base + offset)
            stream.avail_in = 0
            while true {
                if stream.avail_in == 0 && offset < end {
                    let take = min(end - offset, Int(UInt32.max))
                    stream.next_in = UnsafeMutablePointer(mutating: base + offset)
                    stream.avail_in = uInt(take)
                    offset += take
                }
                let status: Int32 = out.withUnsafeMutableBufferPointer { o in
                    stream.next_out = o.baseAddress
                    stream.avail_out = uInt(o.count)
                    return zlibInflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunkSize - Int(stream.avail_out)
                if produced > 0 {
                    do { try consume(Data(out[0..<produced])) } catch { return .failure(.stopped(error)) }
                }
                switch status {
                case Z_STREAM_END: return .success(())
                case Z_OK: continue
                case Z_BUF_ERROR:
                    // No progress possible: out of input (the output buffer was just emptied).
                    if stream.avail_in == 0 && offset >= end { return .failure(.truncated) }
                    continue
                default: return .failure(.damaged)
                }
            }
        }
        try result.get()
    }
}

/// zlib's `inflate` under another name: inside `EntryInflater` the bare name is the type's own method.
@inline(__always) private func zlibInflate(_ stream: UnsafeMutablePointer<z_stream>, _ flush: Int32) -> Int32 {
    inflate(stream, flush)
}
