import Core
import Foundation

/// Checks of what admins type about groups, environments and announcements, and how the
/// audit details write id lists.
enum DirectoryForms {
    /// A trimmed name of 1 to 100 characters.
    /// - Throws: `400` naming `name`.
    static func name(_ text: String) throws -> String {
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else { throw APIError.badRequest("`name` must be 1 to 100 characters.") }
        return name
    }

    /// A trimmed description of at most 1000 characters.
    /// - Throws: `400` naming `description`.
    static func description(_ text: String) throws -> String {
        let description = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard description.count <= 1000 else { throw APIError.badRequest("`description` must be at most 1000 characters.") }
        return description
    }

    /// An ISO 8601 date and time, with or without fractional seconds.
    /// - Throws: `400` naming `field`.
    static func date(_ text: String, field: String) throws -> Date {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        throw APIError.badRequest("`\(field)` must be an ISO 8601 date and time, like 2026-12-24T18:00:00Z.")
    }

    /// Ids as an audit detail value: `"1,4,9"`.
    static func list<Entity>(_ ids: [ID<Entity>]) -> String {
        ids.map(\.description).joined(separator: ",")
    }
}
