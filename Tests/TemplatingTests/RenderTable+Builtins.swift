import Core

/// Built-ins at fixed instants, across month and year ends, in more than one time zone.
extension RenderCase {
    static let builtins: [RenderCase] = [
        RenderCase("no template syntax is returned as is", "SELECT '}}', '%}', {x} FROM t -- {x", [], .output("SELECT '}}', '%}', {x} FROM t -- {x")),
        RenderCase("ds", "WHERE dt = '{{ ds }}'", [], .output("WHERE dt = '2026-03-01'")),
        RenderCase("yesterday across a month end", "{{ yesterday }}", [], .output("2026-02-28")),
        RenderCase("yesterday in a leap year", "{{ yesterday }}", [], .output("2024-02-29"), at: "2024-03-01T10:00:00Z"),
        RenderCase(
            "today is the server zone's day (already next year in Berlin)", "{{ today }}", [], .output("2027-01-01"),
            at: "2026-12-31T23:30:00Z", zone: "Europe/Berlin"),
        RenderCase(
            "ds is the server zone's day (still last year in New York)", "{{ ds }}", [], .output("2026-12-31"),
            at: "2027-01-01T03:00:00Z", zone: "America/New_York"),
        RenderCase("ds_add across a year end", "{{ ds_add(ds, 1) }}", [], .output("2027-01-01"), at: "2026-12-31T12:00:00Z"),
        RenderCase("ds_add back across a month end", "{{ ds_add('2026-03-01', -1) }}", [], .output("2026-02-28")),
        RenderCase("ds_add onto a leap day", "{{ ds_add('2024-02-28', 1) }}", [], .output("2024-02-29")),
        RenderCase("ds_add over a short month", "{{ ds_add('2026-01-31', 30) }}", [], .output("2026-03-02")),
        RenderCase("ds_add back a year from a date", "{{ ds_add(today, -365) }}", [], .output("2025-03-01")),
        RenderCase("ds_add refuses a bad date", "{{ ds_add('2026-02-30', 1) }}", [],
                   .error("Line 1: ds_add: '2026-02-30' is not a date (YYYY-MM-DD).", line: 1)),
        RenderCase("date_format function", "{{ date_format(ds, '%Y%m%d') }}", [], .output("20260301")),
        RenderCase(
            "date_format filter, every directive", "{{ today | date_format('%d/%m/%y %j %a %A %b %B %u %w %%') }}", [],
            .output("01/03/26 060 Sun Sunday Mar March 7 0 %")),
        RenderCase("date_format of the last day of a year", "{{ date_format('2024-12-31', '%j %A') }}", [], .output("366 Tuesday")),
        RenderCase("date_format refuses an unknown directive", "{{ date_format(ds, '%Q') }}", [],
                   .error("Line 1: date_format: unknown directive '%Q'; use %Y %y %m %d %j %B %b %A %a %u %w or %%.", line: 1)),
        RenderCase("date attributes", "{{ today.year }}-{{ today.month }}-{{ today.day }}", [], .output("2026-3-1")),
        RenderCase(
            "latest_partition", "SELECT * FROM analytics.events WHERE dt = '{{ latest_partition('analytics.events', 'dt') }}'", [],
            .output("SELECT * FROM analytics.events WHERE dt = '2026-11-30'")),
        RenderCase(
            "latest_partition reports the lookup's error on its line", "SELECT 1\nWHERE {{ latest_partition('x.y', 'dt') }}", [],
            .error("Line 2: latest_partition('x.y', 'dt'): no table x.y with a column dt.", line: 2)),
        RenderCase("range", "{% for i in range(3) %}{{ i }}{% endfor %}", [], .output("012")),
    ]
}
