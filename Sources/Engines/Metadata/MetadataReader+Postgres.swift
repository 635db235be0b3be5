import Core

extension MetadataReader {
    /// The schemas a PostgreSQL reader skips: the catalogs and TOAST/temporary schemas.
    static let postgresSkippedSchemas = """
        n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' \
        AND n.nspname NOT LIKE 'pg\\_temp\\_%'
        """

    /// PostgreSQL: tables (plain, partitioned, foreign), views and materialized views of the
    /// connected database from `pg_class`, comments from `obj_description`/`col_description`,
    /// row estimates from `reltuples` (none before the first ANALYZE), sizes from
    /// `pg_total_relation_size`. Partitions are left out; their parent stands for them.
    func postgresTables() async throws -> [EngineTable] {
        let relations = try await rows(
            """
            SELECT n.nspname::text, c.relname::text, c.relkind::text,
                   coalesce(obj_description(c.oid, 'pg_class'), ''),
                   CASE WHEN c.relkind IN ('r', 'm', 'p') AND c.reltuples >= 0 THEN c.reltuples::bigint END,
                   CASE WHEN c.relkind IN ('r', 'm', 'p') THEN pg_total_relation_size(c.oid) END
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') AND NOT c.relispartition AND \(Self.postgresSkippedSchemas)
            ORDER BY 1, 2
            """)
        let columnRows = try await rows(
            """
            SELECT n.nspname::text, c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod),
                   coalesce(col_description(c.oid, a.attnum), '')
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE a.attnum > 0 AND NOT a.attisdropped
              AND c.relkind IN ('r', 'p', 'f', 'v', 'm') AND NOT c.relispartition AND \(Self.postgresSkippedSchemas)
            ORDER BY 1, 2, a.attnum
            """)
        var columns: [[String]: [EngineColumn]] = [:]
        for row in columnRows {
            let key = [row.text(0), row.text(1)]
            var list = columns[key] ?? []
            list.append(EngineColumn(position: list.count, name: row.text(2), type: row.text(3), comment: row.text(4)))
            columns[key] = list
        }
        return relations.map { row in
            let kind: TableKind = ["v", "m"].contains(row.text(2)) ? .view : .table
            return EngineTable(
                schema: row.text(0), name: row.text(1), kind: kind, comment: row.text(3), rowCount: row.integer(4),
                sizeBytes: row.integer(5), columns: columns[[row.text(0), row.text(1)]] ?? [])
        }
    }
}
