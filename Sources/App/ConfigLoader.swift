import Core
import Foundation

/// Reads ``ServerConfig`` once at start from, in order of precedence: command-line flags,
/// `QUERYBOOK_*` environment variables, an optional JSON config file, then the defaults.
///
/// Keys are the long flag names (`query-timeout`); the environment spells them
/// `QUERYBOOK_QUERY_TIMEOUT`; a config file uses the same keys (`{"query-timeout": 60}`).
public enum ConfigLoader {
    /// Every setting, with what it means. Docs/configuration.md documents each (a test checks).
    public static let keys: [String: String] = [
        "host": "Address to listen on.",
        "port": "Port to listen on; 0 picks a free one.",
        "data-dir": "Folder holding the hub database, the demo engine and results.",
        "sqlite": "SQLite files registered as read-only engines (repeatable flag; comma-separated in the environment).",
        "workers": "Runs executed at once.",
        "query-timeout": "Time limit of one statement, in seconds.",
        "max-rows": "Rows kept per statement before the result is marked truncated (0: no row cap).",
        "max-result-bytes": "Compressed bytes of stored results one run may write before its result is cut.",
        "result-retention-days": "Days a finished run's results are kept (0: for ever).",
        "retention-interval": "Seconds between sweeps that remove expired results.",
        "demo": "Whether to create and register the demo engine (true/false).",
        "demo-rows": "Rows in the demo events table (read when the demo is first created).",
        "job-lease": "Seconds a claimed job stays leased without renewal.",
        "event-replay": "Events kept for Last-Event-ID replay.",
        "heartbeat": "Seconds between heartbeats on an idle event stream.",
        "max-body-bytes": "Largest accepted request body, in bytes.",
        "history-window": "Seconds between changes within which they join the same doc version.",
        "config": "A JSON file of settings (flag or QUERYBOOK_CONFIG only).",
        "auth-header": "A trusted reverse proxy's header naming the signed-in user (for SSO proxies).",
        "password-cost": "bcrypt cost of new password hashes (4 to 16).",
        "schedule-export-directory": "Folder scheduled runs write their exports to (default: <data-dir>/exports).",
    ]

    /// A setting that could not be read.
    public struct ConfigError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Builds the configuration. `flags` holds the settings given on the command line, by key.
    public static func load(flags: [String: String], environment: [String: String]) throws -> ServerConfig {
        var values: [String: String] = [:]
        let configPath = flags["config"] ?? environment["QUERYBOOK_CONFIG"]
        if let configPath {
            values.merge(try readFile(configPath)) { $1 }
        }
        for key in keys.keys {
            let name = "QUERYBOOK_" + key.uppercased().replacingOccurrences(of: "-", with: "_")
            if let value = environment[name] { values[key] = value }
        }
        values.merge(flags) { $1 }
        for key in values.keys where keys[key] == nil {
            throw ConfigError(description: "Unknown setting `\(key)`.")
        }

        let dataDir = values["data-dir"].map { URL(fileURLWithPath: expandTilde($0)) } ?? ServerConfig.defaultDataDirectory
        var config = ServerConfig(dataDirectory: dataDir)
        if let host = values["host"] { config.host = host }
        if let value = values["port"] { config.port = try integer(value, key: "port", in: 0...65535) }
        if let value = values["sqlite"] {
            config.sqliteFiles = value.split(separator: ",").map { expandTilde(String($0)) }.filter { !$0.isEmpty }
        }
        if let value = values["workers"] { config.workers = try integer(value, key: "workers", in: 1...256) }
        if let value = values["query-timeout"] { config.queryTimeout = try number(value, key: "query-timeout") }
        if let value = values["max-rows"] {
            let rows = try integer(value, key: "max-rows", in: 0...Int.max)
            config.maxRowsPerStatement = rows == 0 ? .max : rows
        }
        if let value = values["max-result-bytes"] {
            config.maxResultBytes = Int64(try integer(value, key: "max-result-bytes", in: 65_536...Int.max))
        }
        if let value = values["result-retention-days"] {
            guard let days = Double(value), days >= 0, days.isFinite else {
                throw ConfigError(description: "`result-retention-days` must be a number of days (0 keeps results for ever), not `\(value)`.")
            }
            config.resultRetentionDays = days
        }
        if let value = values["retention-interval"] { config.retentionInterval = try number(value, key: "retention-interval") }
        if let value = values["demo"] { config.demo = try boolean(value, key: "demo") }
        if let value = values["demo-rows"] { config.demoEventRows = try integer(value, key: "demo-rows", in: 1...100_000_000) }
        if let value = values["job-lease"] { config.jobLease = try number(value, key: "job-lease") }
        if let value = values["event-replay"] { config.eventReplayLimit = try integer(value, key: "event-replay", in: 1...10_000_000) }
        if let value = values["heartbeat"] { config.heartbeatInterval = try number(value, key: "heartbeat") }
        if let value = values["history-window"] { config.historyWindow = try number(value, key: "history-window") }
        if let value = values["max-body-bytes"] { config.maxBodyBytes = try integer(value, key: "max-body-bytes", in: 1024...Int.max) }
        if let value = values["auth-header"] { config.authHeader = value.isEmpty ? nil : value }
        if let value = values["password-cost"] { config.passwordCost = try integer(value, key: "password-cost", in: 4...16) }
        if let value = values["schedule-export-directory"], !value.isEmpty {
            config.scheduleExportDirectory = URL(fileURLWithPath: expandTilde(value))
        }
        return config
    }

    private static func readFile(_ path: String) throws -> [String: String] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: expandTilde(path)))
        } catch {
            throw ConfigError(description: "Cannot read the config file \(path).")
        }
        guard let object = try? JSONDecoder().decode([String: FileValue].self, from: data) else {
            throw ConfigError(description: "The config file \(path) is not a JSON object of settings.")
        }
        return object.mapValues(\.text)
    }

    /// A value in the config file: a string, number, boolean or list of those.
    private enum FileValue: Decodable {
        case text(String)
        case list([String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let bool = try? container.decode(Bool.self) {
                self = .text(bool ? "true" : "false")
            } else if let int = try? container.decode(Int.self) {
                self = .text(String(int))
            } else if let double = try? container.decode(Double.self) {
                self = .text(String(double))
            } else if let list = try? container.decode([String].self) {
                self = .list(list)
            } else {
                self = .text(try container.decode(String.self))
            }
        }

        var text: String {
            switch self {
            case .text(let text): text
            case .list(let list): list.joined(separator: ",")
            }
        }
    }

    private static func integer(_ text: String, key: String, in range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw ConfigError(description: "`\(key)` must be a whole number from \(range.lowerBound) to \(range.upperBound), not `\(text)`.")
        }
        return value
    }

    private static func number(_ text: String, key: String) throws -> Double {
        guard let value = Double(text), value > 0, value.isFinite else {
            throw ConfigError(description: "`\(key)` must be a positive number of seconds, not `\(text)`.")
        }
        return value
    }

    private static func boolean(_ text: String, key: String) throws -> Bool {
        switch text.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw ConfigError(description: "`\(key)` must be true or false, not `\(text)`.")
        }
    }

    private static func expandTilde(_ path: String) -> String {
        path.hasPrefix("~/") ? FileManager.default.homeDirectoryForCurrentUser.path + path.dropFirst(1) : path
    }
}
