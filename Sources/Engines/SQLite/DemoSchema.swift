/// The demo database's tables and the SQL that fills them.
///
/// Every value is a pure function of row ids (see ``DemoSQL``), and every table's ids follow
/// creation time (see ``DemoTimeline``). A child row picks its parent among the rows that
/// existed when it was created, so no board predates its owner, no pin its board, and no
/// event its user or pin. Pins join their board for its owner and category, events their
/// user for the country (a primary-key lookup is cheaper than recomputing it).
enum DemoSchema {
    static let userCount = 10_000
    static let boardCount = 50_000
    static let pinCount = 200_000
    /// Every timestamp lies before 2026-11-01 00:00:00 UTC.
    static let endEpoch = 1_793_491_200
    /// The first sign-up: 2019-01-01 00:00:00 UTC.
    static let startEpoch = 1_546_300_800
    /// Events cover the 365 days before ``endEpoch``.
    static let eventWindowStart = endEpoch - 365 * 86_400

    static let users = DemoTimeline(start: startEpoch, end: endEpoch, count: userCount)
    /// Boards start a month after the first sign-up, so there is always an owner to pick.
    static let boards = DemoTimeline(start: startEpoch + 30 * 86_400, end: endEpoch, count: boardCount)
    static let pins = DemoTimeline(start: startEpoch + 60 * 86_400, end: endEpoch, count: pinCount)

    static let tables = """
        CREATE TABLE users (
          id INTEGER PRIMARY KEY,
          username TEXT NOT NULL UNIQUE,
          display_name TEXT NOT NULL,
          country TEXT NOT NULL,
          signup_at DATETIME NOT NULL,
          is_business BOOLEAN NOT NULL DEFAULT 0
        );
        CREATE TABLE boards (
          id INTEGER PRIMARY KEY,
          user_id INTEGER NOT NULL REFERENCES users(id),
          name TEXT NOT NULL,
          category TEXT NOT NULL,
          created_at DATETIME NOT NULL
        );
        CREATE TABLE pins (
          id INTEGER PRIMARY KEY,
          board_id INTEGER NOT NULL REFERENCES boards(id),
          user_id INTEGER NOT NULL REFERENCES users(id),
          title TEXT NOT NULL,
          domain TEXT NOT NULL,
          aspect_ratio REAL NOT NULL,
          created_at DATETIME NOT NULL
        );
        CREATE TABLE events (
          id INTEGER PRIMARY KEY,
          user_id INTEGER NOT NULL REFERENCES users(id),
          pin_id INTEGER NOT NULL REFERENCES pins(id),
          kind TEXT NOT NULL,
          created_at DATETIME NOT NULL,
          duration_ms INTEGER NOT NULL,
          device TEXT NOT NULL,
          country TEXT NOT NULL
        );
        """

    /// Built after the rows are in, which is much faster than maintaining them per insert.
    static let indexes = """
        CREATE INDEX events_created_at ON events(created_at);
        CREATE INDEX events_user_id ON events(user_id);
        CREATE INDEX pins_board_id ON pins(board_id);
        CREATE INDEX boards_user_id ON boards(user_id);
        """

    /// Users: sign-ups speed up over the years; about 8 % are business accounts.
    static var userRows: String {
        """
        WITH RECURSIVE \(DemoSQL.sequence(userCount))
        INSERT INTO users (id, username, display_name, country, signup_at, is_business)
        SELECT n,
          lower(replace(first_name || '.' || last_name, ' ', '')) || n,
          CASE WHEN business
            THEN last_name || ' ' || \(DemoSQL.pick(DemoVocabulary.businessSuffixes, hash: DemoSQL.hash("n", 5)))
            ELSE first_name || ' ' || last_name END,
          \(DemoSQL.pick(DemoVocabulary.countries, hash: DemoSQL.hash("n", 2))),
          datetime(\(users.time(ofRow: "n", jitter: DemoSQL.unit("n", 3))), 'unixepoch'),
          business
        FROM (
          SELECT n,
            \(DemoSQL.pick(DemoVocabulary.firstNames, hash: DemoSQL.hash("n", 0))) AS first_name,
            \(DemoSQL.pick(DemoVocabulary.lastNames, hash: DemoSQL.hash("n", 1))) AS last_name,
            \(DemoSQL.unit("n", 4)) < 0.08 AS business
          FROM seq WHERE n > 0
        )
        """
    }

    /// Boards: heavy users (low ids) own more of them.
    static var boardRows: String {
        let sequence = DemoSQL.sequence(
            boardCount,
            columns: [
                "created": boards.time(ofRow: "$n", jitter: DemoSQL.unit("$n", 3)),
                "owner": DemoSQL.unit("$n", 0),
                "category": DemoSQL.pick(DemoVocabulary.categories, hash: DemoSQL.hash("$n", 1)),
            ])
        return """
            WITH RECURSIVE \(sequence)
            INSERT INTO boards (id, user_id, name, category, created_at)
            SELECT n,
              \(users.pick(before: "created", unit: "owner", bias: 0.2)),
              \(DemoSQL.pick(DemoVocabulary.boardAdjectives, hash: DemoSQL.hash("n", 2))) || ' ' || category,
              category,
              datetime(created, 'unixepoch')
            FROM seq WHERE n > 0
            """
    }

    /// Pins: popular boards (low ids) hold more; a pin belongs to its board's owner and fits
    /// the board's category.
    static var pinRows: String {
        let sequence = DemoSQL.sequence(
            pinCount,
            columns: [
                "created": pins.time(ofRow: "$n", jitter: DemoSQL.unit("$n", 0)),
                "board": DemoSQL.unit("$n", 7),
                "shape": DemoSQL.scaled(DemoSQL.hash("$n", 4), to: 100),
            ])
        return """
            WITH RECURSIVE \(sequence)
            INSERT INTO pins (id, board_id, user_id, title, domain, aspect_ratio, created_at)
            SELECT n, boards.id, boards.user_id,
              \(DemoSQL.pick(DemoVocabulary.titleStarts, hash: DemoSQL.hash("n", 1))) || ' '
                || lower(boards.category) || ' '
                || \(DemoSQL.pick(DemoVocabulary.titleEnds, hash: DemoSQL.hash("n", 2))),
              \(DemoSQL.pick(DemoVocabulary.domains, hash: DemoSQL.hash("n", 3))),
              CASE WHEN shape < 45 THEN 1.5 WHEN shape < 65 THEN 1.0 WHEN shape < 80 THEN 1.25
                WHEN shape < 90 THEN 1.78 ELSE round(0.75 + \(DemoSQL.unit("n", 6)), 2) END,
              datetime(created, 'unixepoch')
            FROM seq JOIN boards ON boards.id = \(boards.pick(before: "seq.created", unit: "seq.board", bias: 0.3))
            WHERE n > 0
            """
    }

    /// Events, in time order: activity grows over the year and follows a daily cycle
    /// (busiest around 12:00 UTC); heavy users and popular pins (low ids) dominate.
    static func eventRows(_ count: Int) -> String {
        // The fraction q of events so far maps to the fraction 2q / (1 + q) of the year, so
        // the end of the year is four times as busy as its start. Each event gets its own
        // slot, jittered by the previous row's h2: a column the recursion already has, where
        // a fresh hash would be computed once per use.
        let q = "((n + (h2 % 65536) / 65536.0) / \(max(count, 1)).0)"
        let sequence = DemoSQL.sequence(
            count,
            columns: [
                "a": DemoSQL.unit("$n", 0),
                "b": DemoSQL.unit("$n", 1),
                "h2": DemoSQL.hash("$n", 2),
                "h4": DemoSQL.hash("$n", 4),
                "day": "365 * 2 * \(q) / (1 + \(q))",
            ])
        // Parents are picked among those that existed when the event's day began.
        let dayStart = "(\(eventWindowStart) + 86400 * CAST(day AS INTEGER))"
        return """
            WITH RECURSIVE \(sequence),
            drawn AS (
              SELECT n,
                \(users.pick(before: dayStart, unit: "a", bias: 0.1)) AS user_id,
                \(pins.pick(before: dayStart, unit: "b", bias: 0.0)) AS pin_id,
                (h2 / 65536) * 100 / 65536 AS k,
                (h4 / 65536) * 100 / 65536 AS v,
                (h4 % 65536) / 65536.0 AS e,
                -- x runs from -0.5 to 0.5 through the day's events; the odd quintic maps it to
                -- the time of day. Its slope, 0.55 + 0.6x² + 32x⁴, grows away from noon, so
                -- events are densest at noon, nearly as dense all day, and five times sparser
                -- at midnight.
                \(dayStart) + CAST(86400 * (0.5 + x * (0.55 + x * x * (0.2 + 6.4 * x * x))) AS INTEGER)
                  AS created
              FROM (SELECT *, day - CAST(day AS INTEGER) - 0.5 AS x FROM seq WHERE n > 0)
            )
            INSERT INTO events (id, user_id, pin_id, kind, created_at, duration_ms, device, country)
            SELECT n, users.id, pin_id,
              \(DemoSQL.percentCase(DemoVocabulary.eventKinds, bucket: "k")),
              datetime(created, 'unixepoch'),
              CAST(250 + 20000 * e * e * e AS INTEGER),
              \(DemoSQL.percentCase(DemoVocabulary.devices, bucket: "v")),
              users.country
            FROM drawn JOIN users ON users.id = drawn.user_id
            """
    }
}
