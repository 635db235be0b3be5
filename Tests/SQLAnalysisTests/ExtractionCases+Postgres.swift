import SQLAnalysis

extension ExtractionCase {
    /// PostgreSQL: `ONLY`, `::` casts, `LATERAL`, dollar quotes, data-modifying CTEs.
    static let postgres: [ExtractionCase] = [
        ExtractionCase(
            "schema-qualified join", .postgres,
            "SELECT u.name, count(o.id) FROM public.users u LEFT OUTER JOIN sales.orders o ON o.user_id = u.id GROUP BY u.name",
            .query, reads: ["public.users", "sales.orders"]),
        ExtractionCase(
            "casts and extract", .postgres,
            """
            SELECT extract(epoch FROM now() - s.created_at)::int AS age, substring(s.token FROM 1 FOR 8),
                   trim(both ' ' FROM s.agent), '2024-01-01'::date
            FROM sessions s WHERE s.created_at::date > current_date - interval '7 days'
            """, .query, reads: ["sessions"]),
        ExtractionCase(
            "only", .postgres, "SELECT count(*) FROM ONLY measurements WHERE logdate >= '2024-01-01'", .query,
            reads: ["measurements"]),
        ExtractionCase(
            "lateral subquery and comma join", .postgres,
            """
            SELECT c.id, last.total FROM customers c,
              LATERAL (SELECT o.total FROM orders o WHERE o.customer_id = c.id ORDER BY o.created_at DESC LIMIT 1) last
            """, .query, reads: ["customers", "orders"]),
        ExtractionCase(
            "left join lateral function", .postgres,
            "SELECT p.id, tag FROM posts p LEFT JOIN LATERAL unnest(p.tags) AS tag ON true", .query, reads: ["posts"]),
        ExtractionCase(
            "generate_series", .postgres,
            "SELECT d::date, count(e.id) FROM generate_series('2024-01-01'::date, '2024-01-31', '1 day') AS d LEFT JOIN events e ON e.ts::date = d GROUP BY 1",
            .query, reads: ["events"]),
        ExtractionCase(
            "dollar-quoted and escape strings", .postgres,
            "SELECT $$ FROM fake_a $$, $body$ JOIN fake_b $body$, E'it\\'s FROM fake_c' FROM real_t", .query,
            reads: ["real_t"]),
        ExtractionCase(
            "nested block comment", .postgres, "SELECT 1 /* outer /* inner */ FROM still_comment */ FROM real_t", .query,
            reads: ["real_t"]),
        ExtractionCase(
            "quoted names keep case", .postgres, #"SELECT * FROM "Analytics"."Daily Users" du JOIN "Events" USING (day)"#,
            .query, reads: ["Analytics.Daily Users", "Events"]),
        ExtractionCase(
            "database.schema.table", .postgres, "SELECT * FROM warehouse.public.orders", .query,
            reads: ["warehouse.public.orders"]),
        ExtractionCase(
            "multiple ctes", .postgres,
            """
            WITH active AS (SELECT user_id FROM logins WHERE ts > now() - interval '30 days'),
                 paying AS MATERIALIZED (SELECT user_id FROM subscriptions WHERE status = 'active')
            SELECT count(*) FROM active JOIN paying USING (user_id)
            """, .query, reads: ["logins", "subscriptions"]),
        ExtractionCase(
            "data-modifying cte", .postgres,
            "WITH moved AS (DELETE FROM queue WHERE done RETURNING *) INSERT INTO queue_archive SELECT * FROM moved",
            .delete, writes: ["queue", "queue_archive"]),
        ExtractionCase(
            "insert select with cte", .postgres,
            """
            INSERT INTO reporting.daily_revenue (day, revenue)
            WITH paid AS (SELECT * FROM billing.invoices WHERE paid_at IS NOT NULL)
            SELECT paid_at::date, sum(amount) FROM paid GROUP BY 1
            ON CONFLICT (day) DO UPDATE SET revenue = EXCLUDED.revenue
            """, .insert, reads: ["billing.invoices"], writes: ["reporting.daily_revenue"]),
        ExtractionCase(
            "update from", .postgres,
            "UPDATE accounts a SET balance = a.balance - t.amount FROM transfers t, fees f WHERE t.account_id = a.id AND f.id = t.fee_id",
            .update, reads: ["transfers", "fees"], writes: ["accounts"]),
        ExtractionCase(
            "delete using", .postgres,
            "DELETE FROM ONLY orders o USING customers c, blocked b WHERE o.customer_id = c.id AND c.id = b.customer_id",
            .delete, reads: ["customers", "blocked"], writes: ["orders"]),
        ExtractionCase(
            "delete with join using column", .postgres,
            "DELETE FROM line_items WHERE order_id IN (SELECT o.id FROM orders o JOIN carts c USING (cart_id))", .delete,
            reads: ["orders", "carts"], writes: ["line_items"]),
        ExtractionCase(
            "merge", .postgres,
            """
            MERGE INTO inventory AS i USING incoming_stock s ON i.sku = s.sku
            WHEN MATCHED THEN UPDATE SET qty = i.qty + s.qty
            WHEN NOT MATCHED THEN INSERT (sku, qty) VALUES (s.sku, s.qty)
            """, .merge, reads: ["incoming_stock"], writes: ["inventory"]),
        ExtractionCase(
            "create materialized view", .postgres,
            "CREATE MATERIALIZED VIEW IF NOT EXISTS mv_sales AS SELECT region, sum(x) FROM sales JOIN regions USING (region_id) GROUP BY region WITH NO DATA",
            .create, reads: ["sales", "regions"], writes: ["mv_sales"]),
        ExtractionCase(
            "create or replace view with columns", .postgres,
            "CREATE OR REPLACE VIEW public.v_users (id, name) AS SELECT id, name FROM public.users WHERE NOT deleted",
            .create, reads: ["public.users"], writes: ["public.v_users"]),
        ExtractionCase(
            "create table as table", .postgres, "CREATE TABLE users_backup AS TABLE users", .create, reads: ["users"],
            writes: ["users_backup"]),
        ExtractionCase(
            "select into", .postgres, "SELECT * INTO TEMP TABLE recent_orders FROM orders WHERE created_at > now() - interval '1 day'",
            .create, reads: ["orders"], writes: ["recent_orders"]),
        ExtractionCase(
            "explain analyze runs", .postgres, "EXPLAIN (ANALYZE, BUFFERS) UPDATE t SET x = 1 FROM u WHERE u.id = t.id",
            .update, reads: ["u"], writes: ["t"]),
        ExtractionCase(
            "explain without analyze writes nothing", .postgres, "EXPLAIN INSERT INTO w SELECT * FROM r", .explain,
            reads: ["r"]),
        ExtractionCase(
            "for update and is distinct from", .postgres,
            "SELECT * FROM jobs WHERE owner IS DISTINCT FROM 'x' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED", .query,
            reads: ["jobs"]),
        ExtractionCase(
            "copy from and to", .postgres, "COPY staging.raw_events (id, payload) FROM STDIN WITH (FORMAT csv)", .insert,
            writes: ["staging.raw_events"]),
        ExtractionCase(
            "copy query to", .postgres, "COPY (SELECT * FROM events WHERE kind = 'x') TO STDOUT", .query,
            reads: ["events"]),
        ExtractionCase(
            "truncate several", .postgres, "TRUNCATE TABLE ONLY staging.a, staging.b RESTART IDENTITY", .alter,
            writes: ["staging.a", "staging.b"]),
        ExtractionCase(
            "parenthesized join", .postgres, "SELECT * FROM (a JOIN b ON a.id = b.id) JOIN (c CROSS JOIN d) ON true", .query,
            reads: ["a", "b", "c", "d"]),
        ExtractionCase(
            "values derived table", .postgres,
            "SELECT v.id, t.name FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, label) JOIN things t ON t.id = v.id", .query,
            reads: ["things"]),
        ExtractionCase(
            "insert where not exists reads its target too", .postgres,
            "INSERT INTO t (id) SELECT a.id FROM a WHERE NOT EXISTS (SELECT 1 FROM t WHERE t.id = a.id)", .insert,
            reads: ["a", "t"], writes: ["t"]),
        ExtractionCase(
            "cte feeding an update", .postgres,
            "WITH x AS (SELECT id, sum(v) AS v FROM ledger GROUP BY id) UPDATE balances b SET v = x.v FROM x WHERE b.id = x.id",
            .update, reads: ["ledger"], writes: ["balances"]),
        ExtractionCase("set search_path", .postgres, "SET search_path TO analytics, public", .other),
        ExtractionCase("create index", .postgres, "CREATE INDEX CONCURRENTLY idx ON orders (created_at)", .other),
        ExtractionCase(
            "alter table add foreign key", .postgres,
            "ALTER TABLE orders ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id)", .alter,
            writes: ["orders"]),
        ExtractionCase(
            "refresh materialized view", .postgres, "REFRESH MATERIALIZED VIEW CONCURRENTLY mv_sales", .alter,
            writes: ["mv_sales"]),
        ExtractionCase(
            "function body in dollar quotes", .postgres,
            "CREATE FUNCTION f() RETURNS int AS $$ SELECT count(*) FROM hidden $$ LANGUAGE sql", .other),
    ]
}
