import Core

extension MetadataReader {
    /// Databases a ClickHouse reader skips.
    static let clickHouseSkippedDatabases = "('system', 'INFORMATION_SCHEMA', 'information_schema')"

    /// ClickHouse: tables and views of every database but the system ones, from
    /// `system.tables` and `system.columns`.
    ///
    /// Versions differ in what these tables have (18.16 has no `comment`, `total_rows` or
    /// `total_bytes` in `system.tables`, and no `position` in `system.columns`), so the reader
    /// first asks which columns exist and uses what is there; without `total_rows` it sums the
    /// active parts of `system.parts` (MergeTree tables only; others get no count).
    func clickHouseTables() async throws -> [EngineTable] {
        let available = try await clickHouseSystemColumns()
        let tableColumns = available["tables"] ?? []
        let comment = tableColumns.contains("comment") ? "comment" : "''"
        let totals = tableColumns.contains("total_rows") && tableColumns.contains("total_bytes")
        let tables = try await rows(
            """
            SELECT database, name, engine, \(comment)\(totals ? ", total_rows, total_bytes" : "")
            FROM system.tables
            WHERE database NOT IN \(Self.clickHouseSkippedDatabases) AND is_temporary = 0
            ORDER BY database, name
            """)
        let columnColumns = available["columns"] ?? []
        let columnComment = columnColumns.contains("comment") ? "comment" : "''"
        let order = columnColumns.contains("position") ? "database, table, position" : ""
        let columnRows = try await rows(
            """
            SELECT database, table, name, type, \(columnComment) FROM system.columns
            WHERE database NOT IN \(Self.clickHouseSkippedDatabases)
            \(order.isEmpty ? "" : "ORDER BY \(order)")
            """)
        var columns: [[String]: [EngineColumn]] = [:]
        // Without `position`, system.columns lists each table's columns in their order.
        for row in columnRows {
            let key = [row.text(0), row.text(1)]
            var list = columns[key] ?? []
            list.append(EngineColumn(position: list.count, name: row.text(2), type: row.text(3), comment: row.text(4)))
            columns[key] = list
        }
        let parts = totals ? [:] : try await clickHousePartTotals(available["parts"] ?? [])
        return tables.map { row in
            let key = [row.text(0), row.text(1)]
            let kind: TableKind = ["View", "MaterializedView", "LiveView", "WindowView"].contains(row.text(2)) ? .view : .table
            var rowCount = totals ? row.integer(4) : parts[key]?.rows
            var sizeBytes = totals ? row.integer(5) : parts[key]?.bytes
            if !totals, parts[key] == nil, row.text(2).hasSuffix("MergeTree") {
                // A MergeTree table without active parts is empty.
                rowCount = 0
                sizeBytes = 0
            }
            if kind == .view {
                rowCount = nil
                sizeBytes = nil
            }
            return EngineTable(
                schema: row.text(0), name: row.text(1), kind: kind, comment: row.text(3), rowCount: rowCount,
                sizeBytes: sizeBytes, columns: columns[key] ?? [])
        }
    }

    /// The columns of `system.tables`, `system.columns` and `system.parts`, by table.
    private func clickHouseSystemColumns() async throws -> [String: Set<String>] {
        let rows = try await rows(
            "SELECT table, name FROM system.columns WHERE database = 'system' AND table IN ('tables', 'columns', 'parts')")
        var available: [String: Set<String>] = [:]
        for row in rows { available[row.text(0), default: []].insert(row.text(1)) }
        return available
    }

    /// Rows and bytes of each MergeTree table's active parts.
    private func clickHousePartTotals(_ partColumns: Set<String>) async throws -> [[String]: (rows: Int64?, bytes: Int64?)] {
        guard partColumns.contains("rows"), partColumns.contains("active") else { return [:] }
        let bytes = partColumns.contains("bytes_on_disk") ? "sum(bytes_on_disk)" : partColumns.contains("bytes") ? "sum(bytes)" : "NULL"
        guard
            let rows = try await optionalRows(
                """
                SELECT database, table, sum(rows), \(bytes) FROM system.parts
                WHERE active AND database NOT IN \(Self.clickHouseSkippedDatabases) GROUP BY database, table
                """)
        else { return [:] }
        var totals: [[String]: (rows: Int64?, bytes: Int64?)] = [:]
        for row in rows { totals[[row.text(0), row.text(1)]] = (row.integer(2), row.integer(3)) }
        return totals
    }
}
