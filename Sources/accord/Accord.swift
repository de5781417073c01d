import ArgumentParser

@main
struct Accord: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accord",
        abstract: "Ingest and normalize Chinese public-procurement documents.",
        subcommands: [])
}
