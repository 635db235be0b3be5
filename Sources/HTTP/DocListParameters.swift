import Core
import Hummingbird
import Store

/// The query string of `GET /api/docs` as a ``DocQuery``; see Docs/API.md.
enum DocListParameters {
    static let maxLimit = 500
    static let known: Set<String> = ["sort", "order", "q", "favorite", "archived", "owner", "recent", "limit", "offset"]

    /// Reads `parameters` for `user`.
    /// - Throws: `400` naming the first bad parameter; unknown parameters are refused too, so a
    ///   typo never silently lists everything.
    static func parse(_ parameters: Parameters, user: UserID) throws -> DocQuery {
        for (name, _) in parameters where !known.contains(String(name)) {
            throw APIError.badRequest("Unknown parameter `\(name)`: use \(known.sorted().joined(separator: ", ")).")
        }
        var query = DocQuery()
        query.viewedOnly = try flag(parameters.get("recent"), name: "recent")
        if let sort = parameters.get("sort") {
            guard let value = DocQuery.Sort(rawValue: sort) else {
                throw APIError.badRequest("`sort` must be updated, created, title or viewed, not `\(sort)`.")
            }
            query.sort = value
        } else if query.viewedOnly {
            query.sort = .viewed
        }
        switch parameters.get("order") {
        case nil: query.descending = query.sort != .title
        case "asc": query.descending = false
        case "desc": query.descending = true
        case let other?: throw APIError.badRequest("`order` must be asc or desc, not `\(other)`.")
        }
        if let text = parameters.get("q") {
            guard text.count <= 200 else { throw APIError.badRequest("`q` must be at most 200 characters.") }
            query.titleContains = text
        }
        query.favoritesOnly = try flag(parameters.get("favorite"), name: "favorite")
        if let archived = parameters.get("archived") {
            guard let value = DocQuery.Archived(rawValue: archived) else {
                throw APIError.badRequest("`archived` must be true, false or all, not `\(archived)`.")
            }
            query.archived = value
        }
        switch parameters.get("owner") {
        case nil: break
        case "me": query.owner = user
        case let other?: throw APIError.badRequest("`owner` must be `me`, not `\(other)`.")
        }
        query.limit = try ExecutionRoutes.integer(parameters.get("limit"), name: "limit", default: 100, range: 1...maxLimit)
        query.offset = try ExecutionRoutes.integer(parameters.get("offset"), name: "offset", default: 0, range: 0...)
        return query
    }

    private static func flag(_ text: String?, name: String) throws -> Bool {
        switch text {
        case nil, "false": return false
        case "true": return true
        case let other?: throw APIError.badRequest("`\(name)` must be true or false, not `\(other)`.")
        }
    }
}
