extension Migrations {
    /// Doc variables (issue 9): the typed values a doc's query cells use in templates, in the
    /// order the doc lists them. `value` is the variable's JSON value.
    static let v12 = """
        CREATE TABLE docVariable (
            docID INTEGER NOT NULL REFERENCES doc(id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 0),
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
            type TEXT NOT NULL CHECK (type IN ('string', 'number', 'boolean', 'date', 'list')),
            value TEXT NOT NULL CHECK (json_valid(value)),
            PRIMARY KEY (docID, name),
            UNIQUE (docID, position)
        );
        """
}
