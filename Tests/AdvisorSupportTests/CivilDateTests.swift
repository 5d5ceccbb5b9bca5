import AdvisorSupport
import Testing

@Suite struct CivilDateTests {
    @Test(
        "day numbers of known dates, across leap days and centuries",
        arguments: [
            (1970, 1, 1, 0), (1969, 12, 31, -1), (2000, 2, 29, 11_016), (2000, 3, 1, 11_017), (1900, 3, 1, -25_508),
            (2023, 11, 16, 19_677), (2015, 5, 17, 16_572),
        ])
    func knownDays(year: Int, month: Int, day: Int, expected: Int) {
        #expect(CivilDate.daysSinceEpoch(year: year, month: month, day: day) == expected)
    }

    @Test("month lengths follow the Gregorian leap rule")
    func monthLengths() {
        #expect(CivilDate.daysInMonth(2, year: 2024) == 29)
        #expect(CivilDate.daysInMonth(2, year: 1900) == 28)
        #expect(CivilDate.daysInMonth(2, year: 2000) == 29)
        #expect(CivilDate.daysInMonth(4, year: 2023) == 30)
        #expect(CivilDate.daysInMonth(12, year: 2023) == 31)
    }
}
