import AdvisorInput
import AdvisorTestSupport
import AdvisorTraces
import Foundation
import Testing

/// Bad input for every access format: the error names the file and the line and column (text) or the
/// record and byte offset (binary). Inputs are tiny hand-written files, each pinning one edge case.
struct AccessFormatBadInputTests {
    static func error(_ bytes: [UInt8], _ format: AccessFormat, name: String = "trace") throws -> InputError? {
        let path = try TemporaryFile.write("", name: name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            _ = try AccessTrace.read(path: path, format: format)
        } catch {
            return error
        }
        Issue.record("expected an error for \(format.rawValue) input \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        return nil
    }

    static func error(_ text: String, _ format: AccessFormat) throws -> InputError? {
        try error(Array(text.utf8), format)
    }

    @Test(
        "text formats name the line and column",
        arguments: [
            // A page count that is not a number: line 2, byte 3.
            ("1 1 0 0\n2 x 0 0\n", AccessFormat.arc, InputError.Code.notANumber, 2, 3),
            ("1 1 0 0\n\n7 0 0 0\n", .arc, .outOfRange, 3, 3),
            ("5\n", .arc, .emptyField, 1, 2),
            ("{\"timestamp\": 0, \"hash_ids\": [1, 2]}\n{\"timestamp\": 5, \"hash_ids\": [3, -4]}\n", .mooncake, .notANumber, 2, 34),
            ("{\"timestamp\": 0, \"input_length\": 3}\n", .mooncake, .malformedRecord, 1, 1),
            ("{\"timestamp\": 0, \"hash_ids\": [1, 2}\n", .mooncake, .malformedRecord, 1, 35),
            ("{\"timestamp\": \"soon\", \"hash_ids\": [1]}\n", .mooncake, .notANumber, 1, 15),
            ("0,k,1,2,3,get,0\n0,k,1,2,3,flush_all,0", .twitter, .unknownOperation, 2, 11),
            ("0,k,1,2,get,0\n", .twitter, .malformedRecord, 1, 1),
            ("0,k,1,x,3,get,0\n", .twitter, .notANumber, 1, 7),
            ("op_time,key,op,size\n1,a,GET,3\n2,b,PUT,4\n", .metaKV, .unknownOperation, 3, 3),
            ("key,op,size,op_count\na,GET,3,0\n", .metaKV, .outOfRange, 2, 4),
            ("timestamp,cacheKey,objectSize\n1,a,x\n", .metaCDN, .notANumber, 2, 3),
            ("timestamp,cacheKey,objectSize\n1,,5\n", .metaCDN, .emptyField, 2, 2),
            ("time,key,size\n1,a,-5\n", .csv, .outOfRange, 2, 3),
            ("time,key,size\n1,a,5\n2,b\n", .csv, .raggedRow, 3, 3),
            // An op neither list names is refused, in both CSV layouts; numbered ops and known verbs read.
            ("time,key,size,op\n1,a,5,get\n2,b,5,zz\n", .csv, .unknownOperation, 3, 4),
            ("version,time,op,size,lbn\n1,5,28,512,7\n1,6,zz,512,8\n", .libcachesimCSV, .unknownOperation, 3, 3),
            // Run lengths are checked before they are expanded: a hostile count fails at once.
            ("5 9000000000 0 0\n", .arc, .tooLarge, 1, 3),
            ("key,op,size,op_count\na,GET,3,1\nb,GET,3,2000000000\n", .metaKV, .tooLarge, 3, 4),
            // Runs each within the per-record limit may not add up to more than 32 requests per byte of the file
            // (at least 65,536): the third line's 1,000,000 pages exceed a 29-byte file's budget.
            ("0 1000\n9 60000\n99999 1000000\n", .arc, .tooLarge, 3, 7),
        ])
    func textErrorsArePrecise(input: String, format: AccessFormat, code: InputError.Code, line: Int, column: Int) throws {
        let error = try #require(try Self.error(input, format))
        #expect(error.code == code, "\(error)")
        #expect(error.line == line, "\(error)")
        #expect(error.column == column, "\(error)")
        #expect(error.description.hasPrefix("\(error.file):\(line):\(column): "))
    }

    @Test(
        "Apache log lines that do not fit the format are refused at the place they break",
        arguments: [
            (
                "1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET /a HTTP/1.1\" 200 5\n1.2.3.4 - - 17/May/2015 \"GET /b\" 200 5\n",
                InputError.Code.malformedRecord, 2, 1
            ),
            ("1.2.3.4 - - [17/Mai/2015:10:05:03 +0000] \"GET /a HTTP/1.1\" 200 5\n", .notANumber, 1, 17),
            ("1.2.3.4 - - [17/May/2015:25:05:03 +0000] \"GET /a HTTP/1.1\" 200 5\n", .notANumber, 1, 26),
            // A day its month does not have, 2015 being no leap year.
            ("1.2.3.4 - - [31/Feb/2015:10:05:03 +0000] \"GET /a HTTP/1.1\" 200 5\n", .outOfRange, 1, 14),
            ("1.2.3.4 - - [29/Feb/2015:10:05:03 +0000] \"GET /a HTTP/1.1\" 200 5\n", .outOfRange, 1, 14),
            ("1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET /a HTTP/1.1 200 5\n", .malformedRecord, 1, 42),
            ("1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"-\" 400 0\n", .malformedRecord, 1, 43),
            ("1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET /a HTTP/1.1\" 200 lots\n", .notANumber, 1, 64),
        ])
    func apacheErrors(input: String, code: InputError.Code, line: Int, column: Int) throws {
        let error = try #require(try Self.error(input, .apacheLog))
        #expect(error.code == code, "\(error)")
        #expect(error.line == line && error.column == column, "\(error)")
    }

    @Test("an Apache time zone offset is applied, and an escaped quote stays inside the request")
    func apacheZoneAndEscapes() throws {
        let path = try TemporaryFile.write(
            "h - - [01/Jan/1970:02:00:00 +0200] \"GET /a\\\"b HTTP/1.0\" 304 -\nh - - [01/Mar/2000:00:00:00 -0100] \"POST /c\" 201 9\n",
            name: "access_log")
        let trace = try AccessTrace.read(path: path, format: nil)
        #expect(trace.format == .apacheLog)
        #expect(trace.timestamps == [0, 951_868_800 + 3600])  // 2000-03-01 01:00 UTC; 2000 is a leap year
        #expect(trace.sizes == [1, 9])
        #expect(trace.writes == [false, true])
    }

    @Test(
        "binary formats name the cut-off record and its byte offset",
        arguments: [
            (AccessFormat.oracleGeneral, 24 * 17 + 5, "record 17 (byte 408): truncated record, file size 413 is not a multiple of 24"),
            (.cache2k, 6, "record 1 (byte 4): truncated record, file size 6 is not a multiple of 4"),
            (.scarab, 12, "record 1 (byte 8): truncated record, file size 12 is not a multiple of 8"),
        ])
    func binaryErrorsNameTheRecord(format: AccessFormat, size: Int, message: String) throws {
        let error = try #require(try Self.error([UInt8](repeating: 1, count: size), format))
        #expect(error.code == .truncatedRecord)
        #expect(error.message == message)
        #expect(error.line == nil)
    }

    @Test("a trace without requests is refused")
    func emptyTraces() throws {
        #expect(try Self.error("time,key\n", .csv)?.code == .emptyFile)
        #expect(try Self.error("{\"timestamp\": 0, \"hash_ids\": []}\n", .mooncake)?.code == .emptyFile)
        #expect(try Self.error("op_time,key,op,size\n1,a,DELETE,3\n", .metaKV)?.code == .emptyFile)
    }

    @Test("a column flag naming a missing column lists the columns there are")
    func missingColumn() throws {
        let path = try TemporaryFile.write("time,lbn,size\n1,2,3\n")
        var mapping = ColumnMapping()
        mapping.key = "obj"
        #expect(throws: InputError.self) { try AccessTrace.read(path: path, format: .libcachesimCSV, mapping: mapping) }
        let error = try #require(try Self.error("timestamp,key,size\n1,2,3\n", .metaCDN))
        #expect(error.code == .unknownColumn && error.message.contains("cacheKey"))
    }
}
