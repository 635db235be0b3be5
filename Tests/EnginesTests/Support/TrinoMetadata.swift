import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization

/// The catalog statements a Trino coordinator answers for the metadata reader, written down
/// in the client protocol's shape (see TrinoExchanges.swift; no Trino runs here). Two
/// catalogs besides `system`: `hive` (a current cluster, with column comments and
/// `system.metadata.table_comments`) and `tpch` (as an older one answers: no `comment`
/// column in `information_schema.columns`).
enum TrinoMetadataExchanges {
    struct Answer: Sendable {
        /// Every one of these must be in the statement.
        var matches: [String]
        var columns: [(name: String, type: String)]
        var rows: [[String?]]
        /// A failure instead of rows: Trino's errorName.
        var error: String? = nil
    }

    static let answers: [Answer] = [
        Answer(matches: ["SHOW CATALOGS"], columns: [("Catalog", "varchar")], rows: [["hive"], ["system"], ["tpch"]]),
        Answer(
            matches: ["\"hive\".information_schema.tables"],
            columns: [("table_schema", "varchar"), ("table_name", "varchar"), ("table_type", "varchar")],
            rows: [["web", "page_views", "BASE TABLE"], ["web", "top_pages", "VIEW"]]),
        Answer(
            matches: ["\"hive\".information_schema.columns", "data_type, comment"],
            columns: [
                ("table_schema", "varchar"), ("table_name", "varchar"), ("column_name", "varchar"), ("data_type", "varchar"),
                ("comment", "varchar"),
            ],
            rows: [
                ["web", "page_views", "view_time", "timestamp(3)", nil], ["web", "page_views", "user_id", "bigint", "Who viewed"],
                ["web", "page_views", "page_url", "varchar", nil], ["web", "top_pages", "page_url", "varchar", nil],
                ["web", "top_pages", "n", "bigint", nil],
            ]),
        Answer(
            matches: ["system.metadata.table_comments", "'hive'"],
            columns: [("schema_name", "varchar"), ("table_name", "varchar"), ("comment", "varchar")],
            rows: [["web", "page_views", "One row per page view"]]),
        Answer(
            matches: ["\"tpch\".information_schema.tables"],
            columns: [("table_schema", "varchar"), ("table_name", "varchar"), ("table_type", "varchar")],
            rows: [["tiny", "nation", "BASE TABLE"]]),
        Answer(
            matches: ["\"tpch\".information_schema.columns", "data_type, comment"], columns: [], rows: [],
            error: "COLUMN_NOT_FOUND"),
        Answer(
            matches: ["\"tpch\".information_schema.columns", "data_type, ''"],
            columns: [
                ("table_schema", "varchar"), ("table_name", "varchar"), ("column_name", "varchar"), ("data_type", "varchar"),
                ("_col4", "varchar(0)"),
            ],
            rows: [["tiny", "nation", "nationkey", "bigint", ""], ["tiny", "nation", "name", "varchar(25)", ""]]),
        Answer(
            matches: ["system.metadata.table_comments", "'tpch'"],
            columns: [("schema_name", "varchar"), ("table_name", "varchar"), ("comment", "varchar")], rows: []),
    ]

    static func json(_ text: String?) -> String {
        guard let text else { return "null" }
        let data = try! JSONEncoder().encode(text)
        return String(decoding: data, as: UTF8.self)
    }

    /// The queued first page, pointing at the result page.
    static func queued(id: String, base: String, index: Int) -> String {
        #"{"id":"\#(id)","infoUri":"\#(base)/ui/query.html?\#(id)","nextUri":"\#(base)/v1/statement/executing/\#(id)/a\#(index)/1","stats":\#(TrinoExchanges.stats("QUEUED")),"warnings":[]}"#
    }

    /// The last page: the columns and rows, or the failure.
    static func result(_ answer: Answer, id: String, base: String) -> String {
        if let error = answer.error {
            return #"{"id":"\#(id)","infoUri":"\#(base)/ui/query.html?\#(id)","stats":\#(TrinoExchanges.stats("FAILED")),"error":{"message":"line 1:60: Column 'comment' cannot be resolved","errorCode":47,"errorName":"\#(error)","errorType":"USER_ERROR"},"warnings":[]}"#
        }
        let columns = answer.columns.map { #"{"name":"\#($0.name)","type":"\#($0.type)","typeSignature":{"rawType":"\#($0.type)","arguments":[]}}"# }
        let rows = answer.rows.map { "[" + $0.map(json).joined(separator: ",") + "]" }
        let data = rows.isEmpty ? "" : #","data":[\#(rows.joined(separator: ","))]"#
        return #"{"id":"\#(id)","infoUri":"\#(base)/ui/query.html?\#(id)","columns":[\#(columns.joined(separator: ","))]\#(data),"stats":\#(TrinoExchanges.stats("FINISHED", percent: 100)),"warnings":[]}"#
    }
}

/// A stand-in coordinator that answers each statement with the first answer whose
/// `matches` it contains (404 for none), and records the statements.
final class TrinoMetadataStandIn: Sendable {
    private let answers: [TrinoMetadataExchanges.Answer]
    private let log = Mutex<[String]>([])

    init(answers: [TrinoMetadataExchanges.Answer]) {
        self.answers = answers
    }

    var statements: [String] { log.withLock { $0 } }

    func serve(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/v1/statement") { request, _ -> Response in
            let statement = String(buffer: try await request.body.collect(upTo: 1 << 20))
            self.log.withLock { $0.append(statement) }
            guard let index = self.answers.firstIndex(where: { answer in answer.matches.allSatisfy(statement.contains) })
            else { return Response(status: .notFound) }
            return Self.json(TrinoMetadataExchanges.queued(id: "q\(index)", base: Self.base(request), index: index))
        }
        router.get("/v1/statement/executing/:query/:token/:page") { request, context -> Response in
            let token = context.parameters.get("token") ?? ""
            guard let index = Int(token.dropFirst()), index < self.answers.count else { return Response(status: .notFound) }
            return Self.json(TrinoMetadataExchanges.result(self.answers[index], id: "q\(index)", base: Self.base(request)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            guard let port = client.port else { throw TrinoStandIn.TrinoStandInError() }
            try await body("http://127.0.0.1:\(port)")
        }
    }

    private static func base(_ request: Request) -> String {
        "http://\(request.head.authority ?? "127.0.0.1")"
    }

    private static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
