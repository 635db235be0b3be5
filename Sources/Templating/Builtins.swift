import Core

/// The built-in names (`today`, `yesterday`, `ds`) and functions.
enum Builtins {
    static let values: Set<String> = ["today", "yesterday", "ds"]
    static let functions: Set<String> = ["ds_add", "date_format", "latest_partition", "range"]
    /// Names a doc variable may not take.
    static var reserved: Set<String> { values.union(functions).union(Parser.keywords).union(["loop"]) }
    static let maxRange = 10_000

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                             "November", "December"]
    static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// Days since 1970-01-01 of a date or a `YYYY-MM-DD` string.
    static func days(_ value: TemplateValue, _ function: String, at position: SourcePosition) throws(TemplateError) -> Int64 {
        switch value {
        case .date(let days): return days
        case .string(let text):
            guard let days = TemplateValue.parseDate(text) else {
                throw TemplateError("\(function): '\(text)' is not a date (YYYY-MM-DD).", at: position)
            }
            return days
        default:
            throw TemplateError("\(function) needs a date or a 'YYYY-MM-DD' string, not \(value.kindName).", at: position)
        }
    }

    /// `date_format(d, format)`: a strftime subset.
    static func dateFormat(_ value: TemplateValue, _ format: TemplateValue, at position: SourcePosition) throws(TemplateError)
        -> TemplateValue
    {
        let days = try days(value, "date_format", at: position)
        guard case .string(let pattern) = format else {
            throw TemplateError("date_format needs a format string such as '%Y%m%d', not \(format.kindName).", at: position)
        }
        let (year, month, day) = CivilDate.fromDays(days)
        let weekday = Int(CivilDate.floorDivide(days + 4, 7).remainder)  // 1970-01-01 was a Thursday
        var result = ""
        var characters = pattern.makeIterator()
        while let character = characters.next() {
            guard character == "%" else { result.append(character); continue }
            guard let directive = characters.next() else {
                throw TemplateError("date_format: the format ends with a lone '%'.", at: position)
            }
            switch directive {
            case "Y": result += TemplateValue.pad(year, 4)
            case "y": result += TemplateValue.pad(CivilDate.floorDivide(year, 100).remainder, 2)
            case "m": result += TemplateValue.pad(month, 2)
            case "d": result += TemplateValue.pad(day, 2)
            case "j": result += TemplateValue.pad(days - CivilDate.days(year: year, month: 1, day: 1) + 1, 3)
            case "B": result += monthNames[Int(month) - 1]
            case "b": result += String(monthNames[Int(month) - 1].prefix(3))
            case "A": result += dayNames[weekday]
            case "a": result += String(dayNames[weekday].prefix(3))
            case "u": result += String(weekday == 0 ? 7 : weekday)
            case "w": result += String(weekday)
            case "%": result += "%"
            default:
                throw TemplateError(
                    "date_format: unknown directive '%\(directive)'; use %Y %y %m %d %j %B %b %A %a %u %w or %%.", at: position)
            }
        }
        return .string(result)
    }
}

extension Evaluator {
    func call(_ name: String, _ arguments: [TemplateValue], at position: SourcePosition) async throws(TemplateError)
        -> TemplateValue
    {
        switch name {
        case "ds_add":
            try Self.arity(name, arguments, 2...2, at: position)
            let start = try Builtins.days(arguments[0], name, at: position)
            guard let offset = Operators.number(arguments[1]), offset == offset.rounded(), abs(offset) <= 3_650_000 else {
                throw TemplateError("ds_add needs a whole number of days, not \(arguments[1].rendered).", at: position)
            }
            let days = start + Int64(offset)
            if case .date = arguments[0] { return .date(days) }
            return .string(TemplateValue.iso(days))
        case "date_format":
            try Self.arity(name, arguments, 2...2, at: position)
            return try Builtins.dateFormat(arguments[0], arguments[1], at: position)
        case "range":
            try Self.arity(name, arguments, 1...3, at: position)
            var bounds: [Int64] = []
            for argument in arguments { bounds.append(try Self.integer(argument, at: position)) }
            let (start, stop) = bounds.count == 1 ? (0, bounds[0]) : (bounds[0], bounds[1])
            let step = bounds.count == 3 ? bounds[2] : 1
            guard step != 0 else { throw TemplateError("range: the step must not be 0.", at: position) }
            let count = step > 0 ? max(0, (stop - start + step - 1) / step) : max(0, (start - stop - step - 1) / -step)
            guard count <= Builtins.maxRange else {
                throw TemplateError("range: at most \(Builtins.maxRange) numbers.", at: position)
            }
            return .list((0..<count).map { .integer(start + $0 * step) })
        default:
            try Self.arity(name, arguments, 2...2, at: position)
            guard case .string(let tableName) = arguments[0], case .string(let key) = arguments[1], !tableName.isEmpty, !key.isEmpty
            else {
                throw TemplateError("latest_partition needs a table name and a column name, as strings.", at: position)
            }
            let cacheKey = tableName + "\0" + key
            if let known = table.partitions[cacheKey] { return known }
            do {
                let value = try await context.latestPartition(tableName, key)
                table.partitions[cacheKey] = value
                return value
            } catch {
                throw TemplateError("latest_partition('\(tableName)', '\(key)'): \(error)", at: position)
            }
        }
    }
}
