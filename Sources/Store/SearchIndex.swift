import GRDB

/// The one full-text index (`searchIndex`, FTS5) over docs, cells, tables, runs and people.
///
/// Each entry's rowid is its entity's id × 8 plus a ``Kind`` code, so an entry is found,
/// replaced and deleted by its rowid without a lookup table. Entries have three weighted
/// columns: `title`, `body` and `context` (for a cell, its doc's title; for a table, its
/// schema and tags). Triggers (schema v11) keep the index in step with its sources in the
/// same transaction as every change; ``rebuildSQL`` fills it from scratch.
enum SearchIndex {
    /// What an entry indexes: `rowid % 8`.
    enum Kind: Int64, CaseIterable {
        case doc = 1
        case cell = 2
        case table = 3
        case execution = 4
        case user = 5
    }

    static let stride: Int64 = 8

    static func rowid(_ kind: Kind, _ id: Int64) -> Int64 { id * stride + kind.rawValue }

    /// Column weights for `bm25(searchIndex, …)`: a match in a title counts ten times one in
    /// the body, one in the context three times.
    static let bm25 = "bm25(searchIndex, 10.0, 1.0, 3.0)"

    /// For each kind, the `SELECT` of its entries (rowid, title, body, context) from its
    /// source table aliased as in the text; triggers add `WHERE <alias>.id = NEW.id`.
    static func entries(_ kind: Kind) -> String {
        switch kind {
        case .doc:
            "SELECT d.id * 8 + 1, d.title, '', '' FROM doc d"
        case .cell:
            """
            SELECT c.id * 8 + 2, c.title, CASE c.kind WHEN 'chart' THEN '' ELSE c.content END, d.title
            FROM cell c JOIN doc d ON d.id = c.docID
            """
        case .table:
            """
            SELECT t.id * 8 + 3, t.name,
                t.description || ' ' || t.comment || ' ' || t.warnings || ' ' || coalesce(
                    (SELECT group_concat(col.name || ' ' || col.comment || ' ' || col.description, ' ')
                     FROM metaColumn col WHERE col.tableID = t.id), ''),
                t.schemaName || ' ' || coalesce((SELECT group_concat(tag, ' ') FROM tableTag WHERE tableID = t.id), '')
            FROM metaTable t
            """
        case .execution:
            "SELECT e.id * 8 + 4, '', e.query, coalesce(e.error, '') FROM execution e"
        case .user:
            "SELECT u.id * 8 + 5, u.displayName, u.username, '' FROM user u"
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

    /// Empties the index and fills it again from every source.
    static var rebuildSQL: String {
        "DELETE FROM searchIndex;\n"
            + Kind.allCases.map { insertPrefix + entries($0) + ";" }.joined(separator: "\n")
            + "\nINSERT INTO searchIndex(searchIndex) VALUES ('optimize');"
    }

    /// Re-indexes one entry of `kind` for the row `NEW` (inside a trigger).
    static func reindex(_ kind: Kind, key: String = "NEW.id") -> String {
        """
        DELETE FROM searchIndex WHERE rowid = \(key) * 8 + \(kind.rawValue);
        \(insertPrefix)\(entries(kind)) WHERE \(alias(kind)).id = \(key);
        """
    }

    static func remove(_ kind: Kind, key: String = "OLD.id") -> String {
        "DELETE FROM searchIndex WHERE rowid = \(key) * 8 + \(kind.rawValue);"
    }

    /// The index and its triggers. Changes that cannot alter an entry (a doc's `updatedAt`,
    /// a table's `queryCount`) fire nothing, so typing in a cell re-indexes only that cell.
    static var schemaSQL: String {
        """
        CREATE VIRTUAL TABLE searchIndex USING fts5(
            title, body, context, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
        -- Exact names, found without the index for queries with a very common word.
        CREATE INDEX metaTable_exactName ON metaTable(name COLLATE NOCASE);
        CREATE INDEX doc_exactTitle ON doc(title COLLATE NOCASE);
        CREATE INDEX user_exactName ON user(displayName COLLATE NOCASE);

        CREATE TRIGGER searchIndex_doc_insert AFTER INSERT ON doc BEGIN \(reindex(.doc)) END;
        CREATE TRIGGER searchIndex_doc_title AFTER UPDATE OF title ON doc WHEN NEW.title IS NOT OLD.title BEGIN
            \(reindex(.doc))
            UPDATE searchIndex SET context = NEW.title
            WHERE rowid IN (SELECT id * 8 + 2 FROM cell WHERE docID = NEW.id);
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
