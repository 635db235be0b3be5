import Logging
import PostgresNIO

/// Names and formats of the types that are not built in (enums, extension types, arrays of
/// them), read from the server's `pg_type` once per engine and cached. (Domains need no
/// lookup: the server describes a domain's column by its base type.)
///
/// An actor: statements on many connections may ask at once. A lookup that fails leaves the
/// types as `text` named `oid NNN`; it never fails the statement.
actor PostgresTypeCatalog {
    private var known: [UInt32: PostgresTypes.Known] = [:]
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// The description of each of `oids`, asking the server (over a connection from `pool`)
    /// about the ones neither built in nor cached.
    func describe(_ oids: [UInt32], pool: PostgresConnectionPool) async -> [PostgresTypes.Known] {
        let missing = Set(oids.filter { !PostgresTypes.isBuiltIn($0) && known[$0] == nil })
        if !missing.isEmpty { await lookUp(Array(missing), pool: pool) }
        return oids.map { known[$0] ?? PostgresTypes.describe($0) }
    }

    private func lookUp(_ oids: [UInt32], pool: PostgresConnectionPool) async {
        let ids = oids.map(Int64.init)
        do {
            let session = try await pool.acquire()
            do {
                let rows = try await session.connection.query(
                    """
                    SELECT t.oid::int8, t.typname::text,
                           CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE 0 END::int8
                    FROM pg_type t WHERE t.oid::int8 = ANY(\(ids))
                    """, logger: logger)
                for try await (oid, name, element) in rows.decode((Int64, String, Int64).self) {
                    known[UInt32(oid)] =
                        element != 0
                        ? PostgresTypes.Known(name: name, column: .array, element: UInt32(element))
                        : PostgresTypes.Known(name: name, column: .text)
                }
                await pool.release(session, reusable: true)
            } catch {
                await pool.close(session)
                throw error
            }
        } catch {
            logger.debug("could not look up PostgreSQL types", metadata: ["error": "\(PostgresErrors.reason(error))"])
        }
    }
}
