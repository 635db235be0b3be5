import App
import ArgumentParser
import Foundation
import Logging

/// `querybook`: a collaborative data hub in one binary.
@main
struct Querybook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A collaborative data hub in one binary.",
        subcommands: [Serve.self, UserCommand.self],
        defaultSubcommand: Serve.self)
}

/// `querybook serve`: starts the hub.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the hub's web server.")

    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on; 0 picks a free one (default 10001).") var port: Int?
    @Option(help: "Data directory (default ~/.querybook).") var dataDir: String?
    @Option(help: "Register a SQLite file as a read-only engine (repeatable).") var sqlite: [String] = []
    @Option(help: "Runs executed at once (default: number of cores).") var workers: Int?
    @Option(help: "Time limit of one statement, in seconds (default 600).") var queryTimeout: Double?
    @Option(help: "Rows kept per statement (default: no row cap; 0 means none).") var maxRows: Int?
    @Option(help: "A JSON file of settings.") var config: String?
    @Flag(help: "Do not create or register the demo engine.") var noDemo = false
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel: String = "info"

    func run() async throws {
        var flags: [String: String] = [:]
        flags["host"] = host
        flags["port"] = port.map(String.init)
        flags["data-dir"] = dataDir
        flags["sqlite"] = sqlite.isEmpty ? nil : sqlite.joined(separator: ",")
        flags["workers"] = workers.map(String.init)
        flags["query-timeout"] = queryTimeout.map { String($0) }
        flags["max-rows"] = maxRows.map(String.init)
        flags["config"] = config
        if noDemo { flags["demo"] = "false" }

        var logger = Logger(label: "querybook")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        do {
            let settings = try ConfigLoader.load(flags: flags, environment: ProcessInfo.processInfo.environment)
            let app = try await buildApplication(settings, logger: logger) { url in
                // Written in one call and unbuffered, so scripts waiting on this line see it at once.
                FileHandle.standardOutput.write(Data("Querybook is running at \(url)  (Ctrl-C stops it)\n".utf8))
            }
            try await app.runService()
        } catch let error as StartupError {
            FileHandle.standardError.write(Data("querybook: \(error)\n".utf8))
            throw ExitCode(1)
        } catch let error as ConfigLoader.ConfigError {
            FileHandle.standardError.write(Data("querybook: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}

/// `querybook user …`: accounts, from the command line.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage accounts.", subcommands: [Create.self])

    /// `querybook user create`: the first admin (which turns accounts on), or any account.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account; the first one with a password turns sign-in on.")

        @Option(help: "The name to sign in with.") var username: String
        @Option(help: "The name others see (default: the username).") var displayName: String?
        @Flag(help: "Make the account an admin.") var admin = false
        @Flag(help: "Read the password from standard input instead of asking.") var passwordStdin = false
        @Option(help: "Data directory (default ~/.querybook).") var dataDir: String?
        @Option(help: "A JSON file of settings.") var config: String?

        func run() async throws {
            var flags: [String: String] = [:]
            flags["data-dir"] = dataDir
            flags["config"] = config
            do {
                let settings = try ConfigLoader.load(flags: flags, environment: ProcessInfo.processInfo.environment)
                let password = try readPassword()
                let user = try await Accounts.create(
                    settings, username: username, displayName: displayName, password: password, admin: admin)
                print("Created \(user.isAdmin ? "admin " : "")\(user.username) (id \(user.id)). Sign in at the hub's address.")
            } catch let error as Accounts.Refusal {
                FileHandle.standardError.write(Data("querybook: \(error)\n".utf8))
                throw ExitCode(1)
            } catch let error as ConfigLoader.ConfigError {
                FileHandle.standardError.write(Data("querybook: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }

        private func readPassword() throws -> String {
            if passwordStdin {
                guard let line = readLine(strippingNewline: true) else {
                    throw Accounts.Refusal(description: "No password on standard input.")
                }
                return line
            }
            guard let first = getpass("Password: ").map({ String(cString: $0) }),
                let second = getpass("Again: ").map({ String(cString: $0) })
            else { throw Accounts.Refusal(description: "Could not read the password.") }
            guard first == second else { throw Accounts.Refusal(description: "The two passwords differ.") }
            return first
        }
    }
}
