import Core
import Hummingbird
import HummingbirdCore
import Results

extension ExecutionRoutes {
    /// `GET /api/executions/{id}/chart-data?statement=N&x=K&series=K&value=K:AGG…`: a chart's
    /// points, aggregated on the server over the whole stored result (optionally filtered),
    /// computed once per request shape and cached beside the result.
    func registerChartData(on router: Router<HubRequestContext>) {
        router.get("/api/executions/:id/chart-data") { request, context in
            let id = try await readableExecution(context)
            let query = request.uri.queryParameters
            let statementIndex = try Self.integer(query.get("statement"), name: "statement", default: 0, range: 0...)
            let source = try await StoredResults(executions: executions, results: results)
                .reader(id, statement: statementIndex)
            let chart = try ChartParameters.request(query, columns: source.columns)
            var spec = ResultViewSpec()
            for raw in query[values: "filter"] {
                spec.filters.append(try ResultViewParameters.filter(String(raw), columns: source.columns))
            }
            let reader = try await ResultViewParameters.reader(source, spec: spec)
            let data = try await ChartAggregator.data(source: reader, request: chart)
            return JSONResponse.make(ChartBody(data: data, x: chart.x.map { (index: $0, column: source.columns[$0]) }))
        }
    }
}

/// The query parameters of `GET …/chart-data`, read into a ``ChartRequest``.
enum ChartParameters {
    /// - Throws: `APIError.badRequest` naming the parameter that is malformed; the request's
    ///   own checks (``ChartRequest/validate(columns:)``) throw `ChartError.invalid`.
    static func request(_ query: FlatDictionary<Substring, Substring>, columns: [ResultColumn]) throws -> ChartRequest {
        func column(_ name: String) throws -> Int? {
            try query[Substring(name)].map { try ResultViewParameters.column($0, parameter: name, columns: columns) }
        }
        func number(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
            guard let text = query[Substring(name)] else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw APIError.badRequest("`\(name)` must be an integer from \(range.lowerBound) to \(range.upperBound), not `\(text)`.")
            }
            return value
        }
        func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> T? where T.RawValue == String {
            guard let text = query[Substring(name)] else { return nil }
            guard let value = T(rawValue: String(text)) else {
                let known = T.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.badRequest("`\(name)` must be one of \(known), not `\(text)`.")
            }
            return value
        }
        var measures: [ChartRequest.Measure] = []
        for raw in query[values: "value"] {
            let parts = raw.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw APIError.badRequest("`value` must be `column:aggregation` (or `*:count`), not `\(raw)`.")
            }
            let column = parts[0] == "*" ? nil : try ResultViewParameters.column(parts[0], parameter: "value", columns: columns)
            guard let aggregation = ChartRequest.Aggregation(rawValue: String(parts[1])) else {
                let known = ChartRequest.Aggregation.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.badRequest("`value` aggregation must be one of \(known), not `\(parts[1])`.")
            }
            measures.append(.init(column: column, aggregation: aggregation))
        }
        if measures.isEmpty { measures = [.init(column: nil, aggregation: .count)] }
        let order: String? = query["order"].map(String.init)
        guard order == nil || order == "asc" || order == "desc" else {
            throw APIError.badRequest("`order` must be `asc` or `desc`, not `\(order ?? "")`.")
        }
        let request = ChartRequest(
            x: try column("x"), series: try column("series"), measures: measures, size: try column("size"),
            bucket: try choice("bucket", ChartRequest.Bucket.self),
            bins: try number("bins", in: 1...ChartRequest.maxBins),
            sort: try choice("sort", ChartRequest.SortKey.self) ?? .x, descending: order == "desc",
            top: try number("top", in: 1...ChartRequest.maxLimit),
            limit: try number("limit", in: 1...ChartRequest.maxLimit),
            seriesLimit: try number("seriesLimit", in: 1...ChartRequest.maxSeries) ?? 20)
        try request.validate(columns: columns)
        return request
    }
}

/// The body of `GET …/chart-data`; every key is always present (maybe null).
struct ChartBody: Encodable {
    let data: ChartData
    let x: (index: Int, column: ResultColumn)?

    struct XColumn: Encodable {
        let index: Int
        let name: String
        let type: ColumnType
    }

    struct Series: Encodable {
        let name: String
        let value: Int
        let group: JSONValue?
        let data: [Double?]

        enum CodingKeys: String, CodingKey { case name, value, group, data }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(value, forKey: .value)
            try c.encode(group, forKey: .group)
            try c.encode(data, forKey: .data)
        }
    }

    enum CodingKeys: String, CodingKey { case x, labels, bins, series, size, rows, groups, truncated, sampled, other, skipped }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(x.map { XColumn(index: $0.index, name: $0.column.name, type: $0.column.type) }, forKey: .x)
        try c.encode(data.labels.map(JSONValue.init), forKey: .labels)
        try c.encode(data.bins, forKey: .bins)
        try c.encode(
            data.series.map { Series(name: $0.name, value: $0.measure, group: $0.group.map(JSONValue.init), data: $0.data) },
            forKey: .series)
        try c.encode(data.size, forKey: .size)
        try c.encode(data.rows, forKey: .rows)
        try c.encode(data.groups, forKey: .groups)
        try c.encode(data.truncated, forKey: .truncated)
        try c.encode(data.sampled, forKey: .sampled)
        try c.encode(data.other, forKey: .other)
        try c.encode(data.skipped, forKey: .skipped)
    }
}
