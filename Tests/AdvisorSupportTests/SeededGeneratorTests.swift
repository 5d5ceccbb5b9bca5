import AdvisorSupport
import Testing

@Suite struct SeededGeneratorTests {
    @Test("the sequence is SplitMix64's, fixed by the seed")
    func knownSequence() {
        // SplitMix64 from seed 0: the reference values of Vigna's splitmix64.c.
        var generator = SeededGenerator(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        var again = SeededGenerator(seed: 0)
        #expect(again.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test("indices stay below the count")
    func indicesInRange() {
        var generator = SeededGenerator(seed: 42)
        for count in [1, 2, 3, 7, 1_000] {
            for _ in 0..<1_000 { #expect(generator.index(below: count) < count) }
        }
    }
}
