import Core
import Foundation
import GRDB

extension HubStore {
    /// One page of the docs `query` selects among those `user` may read, with their favorite
    /// and last-viewed marks. A title filter matches literally: `%`, `_` and `\` in it are
    /// escaped for `LIKE`.
    public func docs(matching query: DocQuery, for user: User) async throws -> DocPage {
        try await read { db in
            let readable = Self.readableDocCondition(user)
            var conditions: [String] = [readable.sql]
            var arguments: StatementArguments = [user.id, user.id]
            arguments += readable.arguments
            switch query.archived {
            case .true: conditions.append("d.archived = 1")
            case .false: conditions.append("d.archived = 0")
            case .all: break
            }
            if let text = query.titleContains, !text.isEmpty {
                conditions.append(#"d.title LIKE ? ESCAPE '\'"#)
                arguments += ["%" + Self.escapeLike(text) + "%"]
            }
            if query.favoritesOnly { conditions.append("f.docID IS NOT NULL") }
            if query.viewedOnly { conditions.append("v.docID IS NOT NULL") }
            if let owner = query.owner {
                conditions.append("d.ownerID = ?")
                arguments += [owner]
            }
            let from = """
                FROM doc d
                LEFT JOIN docFavorite f ON f.docID = d.id AND f.userID = ?
                LEFT JOIN docView v ON v.docID = d.id AND v.userID = ?
                \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
                """
            let total = try Int.fetchOne(db, sql: "SELECT count(*) \(from)", arguments: arguments) ?? 0
            let direction = query.descending ? "DESC" : "ASC"
            let order =
                switch query.sort {
                case .updated: "d.updatedAt \(direction), d.id \(direction)"
                case .created: "d.createdAt \(direction), d.id \(direction)"
                case .title: "d.title COLLATE NOCASE \(direction), d.id \(direction)"
                case .viewed: "v.viewedAt IS NULL, v.viewedAt \(direction), d.updatedAt DESC, d.id DESC"
                }
            var page = arguments
            page += [query.limit, query.offset]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT d.*, f.docID IS NOT NULL AS isFavorite, v.viewedAt AS viewedAt \(from)
                    ORDER BY \(order) LIMIT ? OFFSET ?
                    """,
                arguments: page)
            let docs = try rows.map { row in
                DocListing(doc: try Doc(row: row), favorite: row["isFavorite"], viewedAt: row["viewedAt"])
            }
            return DocPage(docs: docs, total: total)
        }
    }

    /// `text` with `LIKE`'s wildcards and the escape character itself escaped by `\`.
    static func escapeLike(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
