/// Text made safe for HTML and SVG, and the few attribute helpers both need.
package enum Markup {
    /// Escapes `&`, `<`, `>`, `"` and `'`, so any file name or label can go into text or an attribute.
    package static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A pixel coordinate with two decimals: finer than any screen, short in the file.
    package static func pixel(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
