/// When the rows of one demo table were created: in id order, from `start` until the demo's
/// end, faster and faster as the product grows (the last day adds rows four times as fast
/// as the first).
///
/// Row `id` of `count` sits at fraction `p = (id - 1 + jitter) / count` of the rows and was
/// created at fraction `r = 2p / (1 + p)` of the time span; the inverse, `p = r / (2 - r)`,
/// tells how many rows existed at a given time. Both are closed forms, so child rows can
/// pick a parent that already existed without a join.
struct DemoTimeline {
    /// Epoch second of the first row.
    let start: Int
    /// Epoch second all rows precede.
    let end: Int
    /// Rows in the table.
    let count: Int

    /// SQL for the creation epoch (an integer) of row `id`, placed inside its slot by
    /// `jitter`, a SQL expression in `[0, 1)`. Strictly increasing in `id`.
    func time(ofRow id: String, jitter: String) -> String {
        let fraction = "(((\(id)) - 1 + \(jitter)) / \(count).0)"
        return "(\(start) + CAST(\(end - start) * 2 * \(fraction) / (1 + \(fraction)) AS INTEGER))"
    }

    /// SQL for how many rows were created strictly before the epoch `time` (at least 1).
    ///
    /// Every id up to this count has a ``time(ofRow:jitter:)`` before `time`: its fraction is
    /// below `id / count`, which is at most the fraction of rows existing at `time`.
    func rows(before time: String) -> String {
        let elapsed = "(min(1.0, ((\(time)) - \(start)) * 1.0 / \(end - start)))"
        return "max(1, CAST(\(count) * \(elapsed) / (2 - \(elapsed)) AS INTEGER))"
    }

    /// SQL for a parent id among the first `rows(before: time)`, favouring low ids (the
    /// oldest, most active parents) as `unit * (bias + (1 - bias) * unit)` does for a
    /// uniform `unit` column in `[0, 1)`.
    func pick(before time: String, unit: String, bias: Double) -> String {
        "(1 + CAST(\(rows(before: time)) * \(unit) * (\(bias) + \(1 - bias) * \(unit)) AS INTEGER))"
    }
}
