import Core
import Hummingbird
import Results

extension ExecutionRoutes {
    /// `GET /api/executions/{id}/stats?statement=N`: per-column figures of a stored result,
    /// computed once (two streaming passes, off the request threads) and cached beside it.
    func registerStatistics(on router: Router<HubRequestContext>) {
        router.get("/api/executions/:id/stats") { request, context in
            let id = try await readableExecution(context)
            let statementIndex = try Self.integer(
                request.uri.queryParameters.get("statement"), name: "statement", default: 0, range: 0...)
            let reader = try await StoredResults(executions: executions, results: results)
                .reader(id, statement: statementIndex)
            let statistics = try await ResultViews.statistics(source: reader)
            return JSONResponse.make(StatisticsBody(columns: statistics.columns.map(StatisticsBody.Column.init)))
        }
    }
}

/// The body of `GET …/stats`; `min`, `max` and `histogram` are always present (maybe null).
struct StatisticsBody: Encodable {
    struct Column: Encodable {
        let figures: ColumnStatistics

        init(_ figures: ColumnStatistics) { self.figures = figures }

        enum CodingKeys: String, CodingKey { case index, name, type, count, nulls, distinct, min, max, histogram }
        struct Histogram: Encodable { let bins: [ColumnStatistics.Bin] }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(figures.index, forKey: .index)
            try c.encode(figures.name, forKey: .name)
            try c.encode(figures.type, forKey: .type)
            try c.encode(figures.count, forKey: .count)
            try c.encode(figures.nulls, forKey: .nulls)
            try c.encode(figures.distinct, forKey: .distinct)
            try c.encode(JSONValue(figures.min ?? .null), forKey: .min)
            try c.encode(JSONValue(figures.max ?? .null), forKey: .max)
            if let bins = figures.histogram {
                try c.encode(Histogram(bins: bins), forKey: .histogram)
            } else {
                try c.encodeNil(forKey: .histogram)
            }
        }
    }
    let columns: [Column]
}
