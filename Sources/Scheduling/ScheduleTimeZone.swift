import Foundation

/// IANA time zone names as schedules accept them.
public enum ScheduleTimeZone {
    /// The zone named `name` (`Europe/Berlin`, `UTC`).
    /// - Throws: ``CronError/invalidTimeZone(_:)`` for a name that is not an IANA zone
    ///   (abbreviations such as `CET` or offsets such as `GMT+2` are refused: they have no
    ///   daylight-saving rules of their own, or mean different things in different places).
    public static func zone(named name: String) throws(CronError) -> TimeZone {
        // The tz database's `Area/Location` names (old ones such as Asia/Calcutta too) and UTC.
        guard name == "UTC" || name.contains("/"), let zone = TimeZone(identifier: name), zone.identifier == name || name == "UTC"
        else {
            let shown = name.count > 64 ? String(name.prefix(64)) + "…" : name
            throw .invalidTimeZone("'\(shown)' is not an IANA time zone name (such as Europe/Berlin or UTC).")
        }
        return zone
    }
}
