extension TableScanner {
    /// The names every `WITH` of the statement defines, upper-cased: `WITH [RECURSIVE] x [(cols)]
    /// AS [[NOT] MATERIALIZED] (…)`, in any subquery. ClickHouse's `WITH <expr> AS name` items
    /// define no table and are stepped over. `WITH TIME ZONE`, `WITH ORDINALITY`, `WITH (…)`
    /// table options and the like do not match.
    func collectCTENames() -> Set<String> {
        var names: Set<String> = []
        for position in tokens.indices where tokens[position].isWord("WITH") {
            var probe = position + 1
            if probe < tokens.count, tokens[probe].isWord("RECURSIVE") { probe += 1 }
            while probe < tokens.count {
                if let (name, end) = cte(at: probe) {
                    names.insert(name.uppercased())
                    probe = end
                } else if dialect == .clickhouse, let end = endOfExpressionItem(from: probe) {
                    probe = end
                } else {
                    break
                }
                guard probe < tokens.count, tokens[probe].kind == .comma else { break }
                probe += 1
            }
        }
        return names
    }

    /// A `name [(cols)] AS [[NOT] MATERIALIZED] (…)` item at `position`: its name and the
    /// index after its closing `)`.
    private func cte(at position: Int) -> (String, Int)? {
        guard tokens[position].isName else { return nil }
        var probe = position + 1
        if probe < tokens.count, tokens[probe].kind == .leftParen { probe = matchingParen(probe) + 1 }
        guard probe < tokens.count, tokens[probe].isWord("AS") else { return nil }
        probe += 1
        if probe < tokens.count, tokens[probe].isWord("NOT") { probe += 1 }
        if probe < tokens.count, tokens[probe].isWord("MATERIALIZED") { probe += 1 }
        guard probe < tokens.count, tokens[probe].kind == .leftParen else { return nil }
        return (tokens[position].value, matchingParen(probe) + 1)
    }

    /// ClickHouse `WITH 1 AS x, (SELECT …) AS y SELECT …`: the index of the comma after the
    /// item at `position`, or `nil` when the list ends there (at a statement keyword).
    private func endOfExpressionItem(from position: Int) -> Int? {
        var depth = 0
        var probe = position
        while probe < tokens.count {
            let token = tokens[probe]
            switch token.kind {
            case .leftParen: depth += 1
            case .rightParen:
                depth -= 1
                if depth < 0 { return nil }
            case .comma where depth == 0: return probe
            case .word where depth == 0 && Keywords.explainable.contains(token.keyword): return nil
            default: break
            }
            probe += 1
        }
        return nil
    }
}
