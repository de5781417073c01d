import Foundation

/// A generated corpus's manifest (`{"files": [...]}`): the expected values per file, computed by
/// the generator, never read back from Accord.
public enum Manifest {
    struct Files<Entry: Decodable>: Decodable { var files: [Entry] }

    public static func entries<Entry: Decodable>(_ path: String, as _: Entry.Type = Entry.self) throws -> [Entry] {
        try JSONDecoder().decode(Files<Entry>.self, from: try Corpus.data(path)).files
    }

    /// Decimal from the manifest's strings, independent of the machine's locale.
    public static func decimal(_ s: String) -> Decimal? { Decimal(string: s, locale: Locale(identifier: "en_US_POSIX")) }
}
