import Core

/// Every filter, and the SQL quoting against injection attempts.
extension RenderCase {
    static let filters: [RenderCase] = [
        RenderCase("sql_string doubles quotes", "{{ who | sql_string }}", [string("who", "O'Brien")], .output("'O''Brien'")),
        RenderCase(
            "sql_string neutralises an injection attempt", "WHERE name = {{ who | sql_string }}",
            [string("who", "x'; DROP TABLE t; --")], .output("WHERE name = 'x''; DROP TABLE t; --'")),
        RenderCase(
            "sql_string keeps a backslash plain where SQL does (SQLite, Trino)", "{{ who | sql_string }}",
            [string("who", #"a\'; DROP TABLE t; --"#)], .output(#"'a\''; DROP TABLE t; --'"#)),
        RenderCase(
            "sql_string on PostgreSQL writes E'' with the backslash doubled", "{{ who | sql_string }}",
            [string("who", #"a\'; DROP TABLE t; --"#)], .output(#"E'a\\''; DROP TABLE t; --'"#), dialect: .postgres),
        RenderCase(
            "sql_string on ClickHouse escapes backslash and quote", "{{ who | sql_string }}",
            [string("who", #"a\' OR 1=1 --"#)], .output(#"'a\\\' OR 1=1 --'"#), dialect: .clickhouse),
        RenderCase(
            "sql_string refuses NUL", #"{{ 'a\0b' | sql_string }}"#, [],
            .error("Line 1: sql_string: the value holds a NUL character, which SQL text cannot carry.", line: 1)),
        RenderCase(
            "sql_string on a list", "IN ({{ names | sql_string }})", [list("names", [.string("a"), .string("b'c")])],
            .output("IN ('a', 'b''c')")),
        RenderCase("sql_string of a number and of none", "{{ 5 | sql_string }} {{ none | sql_string }}", [], .output("'5' NULL")),
        RenderCase(
            "sql_identifier quotes each part", #"{{ 'analytics.my"table' | sql_identifier }}"#, [],
            .output(#""analytics"."my""table""#)),
        RenderCase(
            "sql_identifier on ClickHouse", "{{ 'db.t`x' | sql_identifier }}", [], .output("`db`.`t\\`x`"), dialect: .clickhouse),
        RenderCase(
            "sql_list of strings", "IN {{ kinds | sql_list }}", [list("kinds", [.string("click"), .string("it's")])],
            .output("IN ('click', 'it''s')")),
        RenderCase("sql_list of numbers", "IN {{ [1, 2.5, -3] | sql_list }}", [], .output("IN (1, 2.5, -3)")),
        RenderCase("sql_list of nothing matches nothing", "IN {{ [] | sql_list }}", [], .output("IN (NULL)")),
        RenderCase("sql_list refuses a string", "IN {{ 'a' | sql_list }}", [], .error("Line 1: sql_list needs a list, not a string.", line: 1)),
        RenderCase(
            "default", "{{ missing | default('x') }} {{ none | default('y') }} {{ '' | default('z', true) }} {{ 'v' | default('z') }}",
            [], .output("x y z v")),
        RenderCase("upper, lower, trim", "{{ '  Ab ' | trim | upper }}{{ 'CD' | lower }}", [], .output("ABcd")),
        RenderCase("replace", "{{ 'a-b-c' | replace('-', '_') }}", [], .output("a_b_c")),
        RenderCase("join", "{{ [1, 2, 3] | join(', ') }}|{{ ['a', 'b'] | join }}", [], .output("1, 2, 3|ab")),
        RenderCase("length", "{{ [1, 2] | length }} {{ 'héllo' | length }}", [], .output("2 5")),
        RenderCase("int", "{{ '42' | int + 1 }} {{ 3.9 | int }} {{ -3.9 | int }}", [], .output("43 3 -3")),
        RenderCase("int refuses text", "{{ 'abc' | int }}", [], .error("Line 1: int: 'abc' is not a number.", line: 1)),
        RenderCase("float", "{{ '2.5' | float * 2 }} {{ 3 | float }}", [], .output("5.0 3.0")),
        RenderCase("string", "{{ 5 | string ~ 'x' }}", [], .output("5x")),
        RenderCase(
            "a filter with the wrong arguments", "{{ 'a' | replace('a') }}", [],
            .error("Line 1: replace takes 2 arguments, not 1.", line: 1)),
    ]
}
