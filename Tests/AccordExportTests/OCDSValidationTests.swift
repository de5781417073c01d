import Testing
import Foundation
import AccordModel
import AccordExport
import TestSupport

/// The release package of every reviewed record validates against the OCDS 1.1.5 schema with
/// libcoveocds (PyPI; scripts/setup-python.sh installs it), run offline with the schema zip in
/// ../shared/ocds/. libcoveocds exits 0 even when the data is invalid: its JSON output is read.
/// Without libcoveocds the test is skipped, except under CI (env `CI` set), where it fails.
@Suite struct OCDSValidationTests {
    static let libcoveocds = ExternalTool.find("libcoveocds", extra: ["/root/.pyenv/shims", "/usr/local/bin"])
    static let schemaZip = Corpus.root().deletingLastPathComponent()
        .appendingPathComponent("shared/ocds/ocds_standard-1__1__5-schema.zip")

    @Test(.enabled(if: libcoveocds != nil || ExternalTool.inCI,
                   "libcoveocds not found: run scripts/setup-python.sh to validate the OCDS export"))
    func everyExpectedRecordValidates() throws {
        guard let libcoveocds = Self.libcoveocds else {
            Issue.record("libcoveocds is not installed, and CI is set: run scripts/setup-python.sh")
            return
        }
        try #require(FileManager.default.fileExists(atPath: Self.schemaZip.path), "no OCDS schema at \(Self.schemaZip.path)")

        let all = try ExportFixtures.allExpected()
        // A record that no longer decodes is reported, not silently dropped.
        for (name, reason) in all.failed { Issue.record("corpus/expected/\(name) does not decode: \(reason)") }
        let items = all.records.enumerated().map { i, entry in
            ExportItem(id: Int64(i + 1), path: "corpus/expected/\(entry.name)", record: entry.record)
        }
        let export = OCDSExport(publishedDate: Date(timeIntervalSince1970: 1_767_225_600))
        let skipped = export.skipped(items)
        #expect(skipped.allSatisfy { $0.reason.hasPrefix("requirements") }, "\(skipped)")
        let expectedReleases = items.count - skipped.count
        #expect(expectedReleases >= 6)

        let dir = try ExternalTool.temporaryDirectory("ocds")
        defer { try? FileManager.default.removeItem(at: dir) }
        let packageURL = dir.appendingPathComponent("package.json")
        try Data(try export.package(items)).write(to: packageURL)

        let result = try ExternalTool.run(libcoveocds, ["--standard-zip", Self.schemaZip.path, "--output-dir", dir.appendingPathComponent("cove").path,
                                                        packageURL.path])
        #expect(result.status == 0, "libcoveocds: \(result.stderr)")
        let output = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any],
                                  "libcoveocds printed no JSON: \(result.stderr.suffix(2000))")
        let errors = output["validation_errors"] as? [Any]
        #expect(errors != nil, "no validation_errors in libcoveocds output: \(output.keys.sorted())")
        #expect(errors?.isEmpty == true, "validation errors: \(String(describing: errors).prefix(3000))")
        #expect(output["version_used"] as? String == "1.1")
        // `count` is the number of releases, `unique_ocids_count` the number of processes.
        #expect(output["count"] as? Int == expectedReleases, "count \(String(describing: output["count"]))")
        let ocids = Set(items.filter { export.releaseID($0.record) != nil }.map { export.ocid($0.record) })
        #expect(output["unique_ocids_count"] as? Int == ocids.count)
        // Closed codelists (tags, party roles, statuses, currency) hold only their own codes.
        let closed = output["additional_closed_codelist_values"] as? [String: Any]
        #expect(closed?.isEmpty == true, "closed codelist values: \(String(describing: closed))")
        #expect((output["deprecated_fields"] as? [Any])?.isEmpty ?? true)
    }
}
