import Foundation
import CLeptonica
import AccordReaders

extension ScanCrop {
    /// Many regions of one file cropped with each page decoded once (a report shows every value
    /// of a scan: tens of regions per page). Per region its PNG, or the one-line reason it could
    /// not be cropped.
    public static func pngs(file path: String, regions: [(page: Int, bbox: [Int])], margin: Int = 12) -> [Result<Data, ReadError>] {
        var pages: [Int: Result<PixImage, ReadError>] = [:]
        return regions.map { r in
            let image: PixImage
            if pages[r.page] == nil {
                do { pages[r.page] = .success(try pageImage(path, page: r.page)) }
                catch let e as ReadError { pages[r.page] = .failure(e) }
                catch { pages[r.page] = .failure(ReadError("\(path): \(error)")) }
            }
            switch pages[r.page] {
            case .success(let p): image = p
            case .failure(let e): return .failure(e)
            case nil: return .failure(ReadError("\(path): page \(r.page) cannot be decoded"))
            }
            do { return .success(try png(image, path: path, page: r.page, bbox: r.bbox, margin: margin)) }
            catch let e as ReadError { return .failure(e) }
            catch { return .failure(ReadError("\(path): \(error)")) }
        }
    }
}
