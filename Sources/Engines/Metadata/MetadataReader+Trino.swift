import Core

extension MetadataReader {
    /// Trino: for each catalog (the engine's own when it names one, else every catalog but
    /// `system`), the tables and views of `information_schema.tables`, their columns from
    /// `information_schema.columns` and table comments from `system.metadata.table_comments`
    /// when the cluster has it. Schemas are named `catalog.schema`. Trino keeps no row
    /// counts or sizes that are cheap to read, so those are `nil`.
    func trinoTables() async throws -> [EngineTable] {
        var catalogs: [String]
        if let catalog, !catalog.isEmpty {
            catalogs = [catalog]
        } else {
            catalogs = try await rows("SHOW CATALOGS").map { $0.text(0) }.filter { $0 != "system" }
        }
        catalogs.sort()
        var tables: [EngineTable] = []
        for catalog in catalogs { tables += try await trinoTables(in: catalog) }
        return tables
    }

    private func trinoTables(in catalog: String) async throws -> [EngineTable] {
        let quoted = quotedIdentifier(catalog)
        let listed = try await rows(
            """
            SELECT table_schema, table_name, table_type FROM \(quoted).information_schema.tables
            WHERE table_schema <> 'information_schema' ORDER BY table_schema, table_name
            """)
        let columnsSQL = { (comment: String) in
            """
            SELECT table_schema, table_name, column_name, data_type, \(comment)
            FROM \(quoted).information_schema.columns
            WHERE table_schema <> 'information_schema' ORDER BY table_schema, table_name, ordinal_position
            """
        }
        // Older Presto lacks `comment` in information_schema.columns.
        var columnRows = try await optionalRows(columnsSQL("comment"))
        if columnRows == nil { columnRows = try await rows(columnsSQL("''")) }
        var columns: [[String]: [EngineColumn]] = [:]
        for row in columnRows ?? [] {
            let key = [row.text(0), row.text(1)]
            var list = columns[key] ?? []
            list.append(EngineColumn(position: list.count, name: row.text(2), type: row.text(3), comment: row.text(4)))
            columns[key] = list
        }
        let commentRows = try await optionalRows(
            """
            SELECT schema_name, table_name, comment FROM system.metadata.table_comments
            WHERE catalog_name = \(sqlLiteral(catalog)) AND comment IS NOT NULL
            """) ?? []
        var comments: [[String]: String] = [:]
        for row in commentRows { comments[[row.text(0), row.text(1)]] = row.text(2) }
        return listed.map { row in
            let key = [row.text(0), row.text(1)]
            return EngineTable(
                schema: "\(catalog).\(row.text(0))", name: row.text(1), kind: row.text(2) == "VIEW" ? .view : .table,
                comment: comments[key] ?? "", columns: columns[key] ?? [])
        }
    }
}
