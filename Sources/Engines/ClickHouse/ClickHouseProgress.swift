import Core
import Foundation
import NIOHTTP1

/// The run's sink, shared by the task that streams rows and the one that polls progress.
///
/// `RowSink` allows `report` from any thread but never concurrently with itself: reports go
/// through a lock. Rows (`begin`, `append`) come only from the streaming task.
final class ClickHouseSinkAccess: @unchecked Sendable {
    let sink: any RowSink
    private let lock = NSLock()

    init(sink: any RowSink) {
        self.sink = sink
    }

    /// Hands `progress` to the sink, one report at a time.
    func report(_ progress: EngineProgress) {
        lock.withLock { sink.report(progress) }
    }
}

/// Asks `system.processes` how far one query has got, every half second, from a request of
/// its own: ClickHouse's `X-ClickHouse-Progress` headers come only with the response head,
/// and 18.16 sends none at all, so a query that runs long before its first row would show
/// nothing otherwise.
struct ClickHouseProgressPoller: Sendable {
    let http: ClickHouseHTTP
    let queryID: String
    var interval: Duration = .milliseconds(500)

    /// Polls until the calling task is cancelled, reporting each answer; a failed poll is
    /// skipped (progress is best effort and must never fail the run).
    func run(reportingTo access: ClickHouseSinkAccess) async {
        let sql = """
            SELECT read_rows, read_bytes, total_rows_approx, elapsed FROM system.processes \
            WHERE query_id = '\(queryID)'
            """
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            guard let text = try? await http.run(sql, parameters: [("default_format", "TabSeparated")], timeout: 5),
                let progress = Self.progress(fromProcessesRow: text)
            else { continue }
            access.report(progress)
        }
    }

    /// The progress in one `read_rows, read_bytes, total_rows_approx, elapsed` row; `nil`
    /// when the query is not (or no longer) running.
    static func progress(fromProcessesRow text: String) -> EngineProgress? {
        let fields = text.split(separator: "\n").first?.split(separator: "\t") ?? []
        guard fields.count == 4, let read = Int64(fields[0]), let bytes = Int64(fields[1]),
            let total = Int64(fields[2])
        else { return nil }
        return EngineProgress(percent: percent(read: read, total: total), rowsRead: read, bytesRead: bytes)
    }

    /// The progress in the last `X-ClickHouse-Progress` header of a response head
    /// (`{"read_rows":"…","read_bytes":"…","total_rows_to_read":"…"}`), when the server sent one.
    static func progress(fromHeaders headers: HTTPHeaders) -> EngineProgress? {
        guard let last = headers["X-ClickHouse-Progress"].last,
            let object = try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        else { return nil }
        func number(_ key: String) -> Int64? {
            if let text = object[key] as? String { return Int64(text) }
            return (object[key] as? NSNumber)?.int64Value
        }
        guard let read = number("read_rows") else { return nil }
        return EngineProgress(
            percent: percent(read: read, total: number("total_rows_to_read") ?? 0), rowsRead: read,
            bytesRead: number("read_bytes"))
    }

    private static func percent(read: Int64, total: Int64) -> Double? {
        guard total > 0 else { return nil }
        return min(100, Double(read) / Double(total) * 100)
    }
}
