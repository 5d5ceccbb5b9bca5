/// The package's one calendar conversion: proleptic Gregorian dates to day numbers since 1970-01-01.
package enum CivilDate {
    /// Days from 1970-01-01 to a proleptic Gregorian date (negative before 1970).
    ///
    /// Counts in 400-year eras starting on 1 March, so that the leap day is the last day of its year and
    /// every era has the same 146,097 days.
    /// - Parameters:
    ///   - year: The year, e.g. 2023.
    ///   - month: 1…12.
    ///   - day: 1…31 (not checked against the month).
    /// - Returns: The day number; 0 for 1970-01-01.
    package static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        // 719,468 days lie between 0000-03-01 and 1970-01-01.
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The number of days in `month` (1…12) of `year`.
    package static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
