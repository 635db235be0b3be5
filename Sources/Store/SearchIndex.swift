import GRDB

/// The one full-text index (`searchIndex`, FTS5) over docs, cells, tables, runs and people.
///
/// Each entry's rowid is its ``Kind`` code × 2⁴⁰ plus its entity's id, so an entry is found,
/// replaced and deleted by its rowid without a lookup table, and each kind's entries are one
/// rowid range, which FTS5 seeks to directly (`rowid BETWEEN …` with `MATCH`). Entries have three weighted
/// columns: `title`, `body` and `context` (for a cell, its doc's title; for a table, its
/// schema and tags). Triggers (schema v11) keep the index in step with its sources in the
/// same transaction as every change; ``rebuildSQL`` fills it from scratch.
enum SearchIndex {
    /// What an entry indexes: `rowid >> 40`.
    enum Kind: Int64, CaseIterable {
        case doc = 1
        case cell = 2
        case table = 3
        case execution = 4
        case user = 5
    }

    static let shift: Int64 = 40

    /// The first rowid of `kind`; its entries are `base + id`.
    static func base(_ kind: Kind) -> Int64 { kind.rawValue << shift }

    static func rowid(_ kind: Kind, _ id: Int64) -> Int64 { base(kind) + id }

    /// `rowid BETWEEN …` for the entries of kinds `first` through `last` (a contiguous run).
    static func range(_ first: Kind, _ last: Kind) -> String {
        "rowid BETWEEN \(base(first)) AND \(base(last) + (1 << shift) - 1)"
    }

    /// Column weights for `bm25(searchIndex, …)`: a match in a title counts ten times one in
    /// the body, one in the context three times.
    static let bm25 = "bm25(searchIndex, 10.0, 1.0, 3.0)"

    /// For each kind, the `SELECT` of its entries (rowid, title, body, context) from its
    /// source table aliased as in the text; triggers add `WHERE <alias>.id = NEW.id`.
    static func entries(_ kind: Kind) -> String {
        switch kind {
        case .doc:
            "SELECT \(base(.doc)) + d.id, d.title, '', '' FROM doc d"
        case .cell:
            """
            SELECT \(base(.cell)) + c.id, c.title, CASE c.kind WHEN 'chart' THEN '' ELSE c.content END, d.title
            FROM cell c JOIN doc d ON d.id = c.docID
            """
        case .table:
            """
            SELECT \(base(.table)) + t.id, t.name,
                t.description || ' ' || t.comment || ' ' || t.warnings || ' ' || coalesce(
                    (SELECT group_concat(col.name || ' ' || col.comment || ' ' || col.description, ' ')
                     FROM metaColumn col WHERE col.tableID = t.id), ''),
                t.schemaName || ' ' || coalesce((SELECT group_concat(tag, ' ') FROM tableTag WHERE tableID = t.id), '')
            FROM metaTable t
            """
        case .execution:
            "SELECT \(base(.execution)) + e.id, '', e.query, coalesce(e.error, '') FROM execution e"
        case .user:
            "SELECT \(base(.user)) + u.id, u.displayName, u.username, '' FROM user u"
        }
    }

    static func alias(_ kind: Kind) -> String {
        switch kind {
        case .doc: "d"
        case .cell: "c"
        case .table: "t"
        case .execution: "e"
        case .user: "u"
        }
    }

    static let insertPrefix = "INSERT INTO searchIndex(rowid, title, body, context) "

    static let createSQL = """
        CREATE VIRTUAL TABLE searchIndex USING fts5(
            title, body, context, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5');
        """

    /// Empties the index and fills it again from every source. Dropping the table is much
    /// quicker than deleting its entries one by one; the triggers name it and find the new one.
    static var rebuildSQL: String {
        "DROP TABLE IF EXISTS searchIndex;\n" + createSQL + "\n"
            + Kind.allCases.map { insertPrefix + entries($0) + ";" }.joined(separator: "\n")
            + "\nINSERT INTO searchIndex(searchIndex) VALUES ('optimize');"
    }

    /// Re-indexes one entry of `kind` for the row `NEW` (inside a trigger).
    static func reindex(_ kind: Kind, key: String = "NEW.id") -> String {
        """
        DELETE FROM searchIndex WHERE rowid = \(base(kind)) + \(key);
        \(insertPrefix)\(entries(kind)) WHERE \(alias(kind)).id = \(key);
        """
    }

    static func remove(_ kind: Kind, key: String = "OLD.id") -> String {
        "DELETE FROM searchIndex WHERE rowid = \(base(kind)) + \(key);"
    }

    /// The index and its triggers. Changes that cannot alter an entry (a doc's `updatedAt`,
    /// a table's `queryCount`) fire nothing, so typing in a cell re-indexes only that cell.
    static var schemaSQL: String {
        """
        -- Exact names, found without the index for queries with a very common word.
        CREATE INDEX metaTable_exactName ON metaTable(name COLLATE NOCASE);
        CREATE INDEX doc_exactTitle ON doc(title COLLATE NOCASE);
        CREATE INDEX user_exactName ON user(displayName COLLATE NOCASE);

        CREATE TRIGGER searchIndex_doc_insert AFTER INSERT ON doc BEGIN \(reindex(.doc)) END;
        CREATE TRIGGER searchIndex_doc_title AFTER UPDATE OF title ON doc WHEN NEW.title IS NOT OLD.title BEGIN
            \(reindex(.doc))
            UPDATE searchIndex SET context = NEW.title
            WHERE rowid IN (SELECT \(base(.cell)) + id FROM cell WHERE docID = NEW.id);
        END;
        CREATE TRIGGER searchIndex_doc_delete AFTER DELETE ON doc BEGIN \(remove(.doc)) END;

        CREATE TRIGGER searchIndex_cell_insert AFTER INSERT ON cell BEGIN \(reindex(.cell)) END;
        CREATE TRIGGER searchIndex_cell_update AFTER UPDATE OF title, content, kind, docID ON cell
        WHEN NEW.title IS NOT OLD.title OR NEW.content IS NOT OLD.content OR NEW.kind IS NOT OLD.kind
            OR NEW.docID IS NOT OLD.docID
        BEGIN \(reindex(.cell)) END;
        CREATE TRIGGER searchIndex_cell_delete AFTER DELETE ON cell BEGIN \(remove(.cell)) END;

        CREATE TRIGGER searchIndex_table_insert AFTER INSERT ON metaTable BEGIN \(reindex(.table)) END;
        CREATE TRIGGER searchIndex_table_update
        AFTER UPDATE OF schemaName, name, comment, description, warnings, updatedAt ON metaTable
        BEGIN \(reindex(.table)) END;
        CREATE TRIGGER searchIndex_table_delete AFTER DELETE ON metaTable BEGIN \(remove(.table)) END;

        CREATE TRIGGER searchIndex_execution_insert AFTER INSERT ON execution BEGIN \(reindex(.execution)) END;
        CREATE TRIGGER searchIndex_execution_error AFTER UPDATE OF error ON execution
        WHEN NEW.error IS NOT OLD.error BEGIN \(reindex(.execution)) END;
        CREATE TRIGGER searchIndex_execution_delete AFTER DELETE ON execution BEGIN \(remove(.execution)) END;

        CREATE TRIGGER searchIndex_user_insert AFTER INSERT ON user BEGIN \(reindex(.user)) END;
        CREATE TRIGGER searchIndex_user_update AFTER UPDATE OF username, displayName ON user
        WHEN NEW.username IS NOT OLD.username OR NEW.displayName IS NOT OLD.displayName
        BEGIN \(reindex(.user)) END;
        CREATE TRIGGER searchIndex_user_delete AFTER DELETE ON user BEGIN \(remove(.user)) END;
        """
    }
}
