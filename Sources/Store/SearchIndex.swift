import GRDB

/// The one full-text index (`searchIndex`, FTS5) over docs, cells, tables, runs and people.
///
/// Each entry's rowid is its ``Kind`` code × 2⁴⁰ plus its entity's id, so an entry is found,
/// replaced and deleted by its rowid without a lookup table, and each kind's entries are one
/// rowid range, which FTS5 seeks to directly (`rowid BETWEEN …` with `MATCH`). Entries have three weighted
/// columns: `title`, `body` and `context` (for a cell, its doc's title; for a table, its
/// schema and tags). Triggers (schema v11) keep the index in step with its sources in the
/// same transaction as every change; ``rebuildSQL`` fills it from scratch.
///
/// `searchTitle` (schema v14) indexes the titles again, alone, kept by the same triggers. A
/// word common in bodies but rare in titles (`by`, `count`) has a long entry list in
/// `searchIndex`, and a `title :` filter there reads all of it to find the few title matches;
/// in `searchTitle` its list holds only those.
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

    static let tokenizer = "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5'"

    static let createSQL = "CREATE VIRTUAL TABLE searchIndex USING fts5(title, body, context, \(tokenizer));"

    static let createTitlesSQL = "CREATE VIRTUAL TABLE searchTitle USING fts5(title, \(tokenizer));"

    /// Fills `searchTitle` from the titles in `searchIndex`; and has `merge` steps
    /// (``HubStore/mergeSearchIndex(pages:)``) merge segments two at a time, not four.
    static let fillTitlesSQL = """
        INSERT INTO searchTitle(rowid, title) SELECT rowid, title FROM searchIndex WHERE title <> '';
        INSERT INTO searchTitle(searchTitle) VALUES ('optimize');
        INSERT INTO searchTitle(searchTitle, rank) VALUES ('usermerge', 2);
        INSERT INTO searchIndex(searchIndex, rank) VALUES ('usermerge', 2);
        """

    /// Empties the index and fills it again from every source. Dropping the tables is much
    /// quicker than deleting their entries one by one; the triggers name them and find the new
    /// ones. `titles`: whether `searchTitle` exists (from schema v14 on).
    static func rebuildSQL(titles: Bool) -> String {
        "DROP TABLE IF EXISTS searchIndex;\n" + createSQL + "\n"
            + Kind.allCases.map { insertPrefix + entries($0) + ";" }.joined(separator: "\n")
            + "\nINSERT INTO searchIndex(searchIndex) VALUES ('optimize');"
            + (titles ? "\nDROP TABLE IF EXISTS searchTitle;\n\(createTitlesSQL)\n\(fillTitlesSQL)" : "")
    }

    /// Re-indexes one entry of `kind` for the row `NEW` (inside a trigger).
    static func reindex(_ kind: Kind, key: String = "NEW.id", titles: Bool) -> String {
        let rowid = "\(base(kind)) + \(key)"
        guard titles else {
            return """
                DELETE FROM searchIndex WHERE rowid = \(rowid);
                \(insertPrefix)\(entries(kind)) WHERE \(alias(kind)).id = \(key);
                """
        }
        return """
            DELETE FROM searchIndex WHERE rowid = \(rowid);
            DELETE FROM searchTitle WHERE rowid = \(rowid);
            \(insertPrefix)\(entries(kind)) WHERE \(alias(kind)).id = \(key);
            INSERT INTO searchTitle(rowid, title) SELECT rowid, title FROM searchIndex WHERE rowid = \(rowid) AND title <> '';
            """
    }

    static func remove(_ kind: Kind, key: String = "OLD.id", titles: Bool) -> String {
        "DELETE FROM searchIndex WHERE rowid = \(base(kind)) + \(key);"
            + (titles ? " DELETE FROM searchTitle WHERE rowid = \(base(kind)) + \(key);" : "")
    }

    /// Exact names, found without the index for queries with a very common word (schema v11).
    static let exactNameIndexesSQL = """
        CREATE INDEX metaTable_exactName ON metaTable(name COLLATE NOCASE);
        CREATE INDEX doc_exactTitle ON doc(title COLLATE NOCASE);
        CREATE INDEX user_exactName ON user(displayName COLLATE NOCASE);
        """

    /// The triggers that keep the index in step, all named `searchIndex_…`. Changes that
    /// cannot alter an entry (a doc's `updatedAt`, a table's `queryCount`) fire nothing, so
    /// typing in a cell re-indexes only that cell. `titles`: whether they keep `searchTitle`
    /// too (schema v14 replaces v11's triggers with those).
    static func triggersSQL(titles: Bool) -> String {
        func reindex(_ kind: Kind) -> String { Self.reindex(kind, titles: titles) }
        func remove(_ kind: Kind) -> String { Self.remove(kind, titles: titles) }
        return """
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
