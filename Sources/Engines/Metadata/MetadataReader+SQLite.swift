import Core

extension MetadataReader {
    /// SQLite: the `main` database's tables and views from `sqlite_schema`, columns from
    /// `pragma_table_xinfo` (generated columns included, hidden virtual-table columns not).
    /// Row counts only from `sqlite_stat1` (present after `ANALYZE`), sizes from `dbstat`
    /// (tables with their indexes) when the library has it; SQLite keeps no comments.
    func sqliteTables() async throws -> [EngineTable] {
        let listed = try await rows(
            """
            SELECT name, type FROM sqlite_schema
            WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            ORDER BY name
            """)
        var columns = try await sqliteColumnsAtOnce()
        let counts = try await sqliteRowCounts()
        let sizes = try await sqliteSizes()
        var tables: [EngineTable] = []
        for row in listed {
            let name = row.text(0)
            let kind: TableKind = row.text(1) == "view" ? .view : .table
            if columns == nil || columns?[name] == nil {
                // One broken view (naming a dropped table) fails the joined query; ask per table.
                columns = columns ?? [:]
                columns?[name] = try await sqliteColumns(of: name)
            }
            tables.append(
                EngineTable(
                    schema: "main", name: name, kind: kind, rowCount: kind == .table ? counts[name] : nil,
                    sizeBytes: kind == .table ? sizes[name] : nil, columns: columns?[name] ?? []))
        }
        return tables
    }

    /// Every table's columns in one statement; `nil` when any table cannot be described.
    private func sqliteColumnsAtOnce() async throws -> [String: [EngineColumn]]? {
        guard
            let rows = try await optionalRows(
                """
                SELECT s.name, p.name, p.type, p.hidden FROM sqlite_schema s, pragma_table_xinfo(s.name) p
                WHERE s.type IN ('table', 'view') AND s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                ORDER BY s.name, p.cid
                """)
        else { return nil }
        var columns: [String: [EngineColumn]] = [:]
        for row in rows where row.integer(3) != 1 {
            let table = row.text(0)
            var list = columns[table] ?? []
            list.append(EngineColumn(position: list.count, name: row.text(1), type: row.text(2)))
            columns[table] = list
        }
        return columns
    }

    /// One table's columns; none when SQLite cannot describe it (a view over a dropped table,
    /// a virtual table whose module this library lacks).
    private func sqliteColumns(of table: String) async throws -> [EngineColumn] {
        let rows = try await optionalRows("SELECT name, type, hidden FROM pragma_table_xinfo(\(sqlLiteral(table)))") ?? []
        return rows.filter { $0.integer(2) != 1 }.enumerated().map { index, row in
            EngineColumn(position: index, name: row.text(0), type: row.text(1))
        }
    }

    /// `sqlite_stat1`'s estimate per table (its first number), when `ANALYZE` made one.
    private func sqliteRowCounts() async throws -> [String: Int64] {
        guard let rows = try await optionalRows("SELECT tbl, stat FROM sqlite_stat1") else { return [:] }
        var counts: [String: Int64] = [:]
        for row in rows {
            guard let first = row.text(1).split(separator: " ").first, let count = Int64(first) else { continue }
            counts[row.text(0)] = max(counts[row.text(0)] ?? 0, count)
        }
        return counts
    }

    /// Bytes per table, its indexes included, from `dbstat` (when compiled in).
    private func sqliteSizes() async throws -> [String: Int64] {
        guard
            let rows = try await optionalRows(
                """
                SELECT s.tbl_name, sum(d.pgsize) FROM dbstat d JOIN sqlite_schema s ON s.name = d.name
                WHERE d.schema = 'main' AND d.aggregate = 1 GROUP BY s.tbl_name
                """)
        else { return [:] }
        var sizes: [String: Int64] = [:]
        for row in rows { sizes[row.text(0)] = row.integer(1) }
        return sizes
    }
}
