import Core
import Foundation
import Hummingbird

/// The query string of `GET /api/search` as a ``SearchRequest``; see Docs/API.md.
///
/// `q` itself is never refused, whatever it holds; a bad filter is a `400` naming it.
enum SearchParameters {
    static let maxLimit = 100
    static let known: Set<String> = ["q", "type", "owner", "engine", "schema", "tag", "from", "to", "limit", "offset"]

    static func parse(_ parameters: Parameters) throws -> SearchRequest {
        for (name, _) in parameters where !known.contains(String(name)) {
            throw APIError.badRequest("Unknown parameter `\(name)`: use \(known.sorted().joined(separator: ", ")).")
        }
        var request = SearchRequest(text: parameters.get("q") ?? "")
        if let types = parameters.get("type"), !types.isEmpty, types != "all" {
            for name in types.split(separator: ",") {
                guard let type = SearchType(rawValue: String(name)) else {
                    throw APIError.badRequest("`type` must be doc, query, table, execution or user, not `\(name)`.")
                }
                request.types.insert(type)
            }
        }
        request.owner = try id(parameters.get("owner"), name: "owner")
        request.engine = try id(parameters.get("engine"), name: "engine")
        request.schema = nonEmpty(parameters.get("schema"))
        request.tag = nonEmpty(parameters.get("tag"))
        request.from = try date(parameters.get("from"), name: "from", endOfDay: false)
        request.to = try date(parameters.get("to"), name: "to", endOfDay: true)
        request.limit = try ExecutionRoutes.integer(parameters.get("limit"), name: "limit", default: 20, range: 1...maxLimit)
        request.offset = try ExecutionRoutes.integer(parameters.get("offset"), name: "offset", default: 0, range: 0...1_000)
        return request
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    private static func id<Entity>(_ text: String?, name: String) throws -> ID<Entity>? {
        guard let text = nonEmpty(text) else { return nil }
        guard let id = ID<Entity>(text) else { throw APIError.badRequest("`\(name)` must be an id, not `\(text)`.") }
        return id
    }

    /// A day (`2026-03-01`, in UTC; as `to` it includes that whole day) or an ISO 8601 time.
    private static func date(_ text: String?, name: String, endOfDay: Bool) throws -> Date? {
        guard let text = nonEmpty(text) else { return nil }
        if let instant = try? Date(text, strategy: .iso8601) { return instant }
        if let day = try? Date(text + "T00:00:00Z", strategy: .iso8601) {
            return endOfDay ? day.addingTimeInterval(86_400) : day
        }
        throw APIError.badRequest("`\(name)` must be a date (2026-03-01) or an ISO 8601 time, not `\(text)`.")
    }
}
