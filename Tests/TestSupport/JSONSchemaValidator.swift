import Foundation

/// A JSON Schema (draft 2020-12) validator for the keywords Accord's schemas use:
/// type, properties, required, additionalProperties, items, minItems, maxItems, enum, const,
/// pattern, minLength, minimum, maximum, $ref to local "#/$defs/…", allOf, anyOf, oneOf.
/// An unknown keyword is reported as an error, so a schema cannot silently use one it ignores.
public struct JSONSchemaValidator {
    let root: [String: Any]
    /// Other schema files a `$ref` may name ("other.json#/$defs/x"), by file name.
    var siblings: [String: [String: Any]] = [:]
    static let annotations: Set<String> = ["$schema", "$id", "$defs", "title", "description", "$comment", "examples", "default"]

    public init(schemaData: Data) throws {
        guard let root = try JSONSerialization.jsonObject(with: schemaData) as? [String: Any] else {
            throw NSError(domain: "JSONSchemaValidator", code: 1, userInfo: [NSLocalizedDescriptionKey: "schema is not an object"])
        }
        self.root = root
    }

    /// Loads a schema file; `$ref`s to other files in the same folder are resolved too.
    public init(schemaURL: URL) throws {
        try self.init(schemaData: try Data(contentsOf: schemaURL))
        let dir = schemaURL.deletingLastPathComponent()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] where name.hasSuffix(".json") {
            if let obj = try? JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(name))) as? [String: Any] {
                siblings[name] = obj
            }
        }
    }

    /// Validation errors, each "path: message"; empty when the instance is valid.
    public func validate(_ data: Data) throws -> [String] {
        let instance = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        var errors: [String] = []
        check(instance, against: root, doc: root, path: "$", errors: &errors)
        return errors
    }

    /// The schema a `$ref` names, and the document its own "#…" references resolve in.
    func resolve(_ ref: String, in doc: [String: Any]) -> ([String: Any], [String: Any])? {
        if ref.hasPrefix("#") {
            if ref == "#" { return (doc, doc) }
            return walk(doc, ref.dropFirst(2)).map { ($0, doc) }
        }
        let parts = ref.split(separator: "#", maxSplits: 1)
        guard let file = parts.first, let other = siblings[String(file)] else { return nil }
        guard parts.count > 1 else { return (other, other) }
        let pointer = parts[1].hasPrefix("/") ? parts[1].dropFirst() : parts[1]
        return walk(other, pointer).map { ($0, other) }
    }

    func walk(_ start: Any, _ path: Substring) -> [String: Any]? {
        var node = start
        for part in path.split(separator: "/") {
            guard let obj = node as? [String: Any], let next = obj[String(part)] else { return nil }
            node = next
        }
        return node as? [String: Any]
    }

    static func isNumber(_ v: Any) -> Bool { v is NSNumber && !(v is String) }
    static func isInteger(_ v: Any) -> Bool {
        guard let n = v as? NSNumber else { return false }
        return n.doubleValue.rounded() == n.doubleValue
    }

    static func typeMatches(_ v: Any, _ type: String) -> Bool {
        switch type {
        case "object": return v is [String: Any]
        case "array": return v is [Any]
        case "string": return v is String
        case "number": return isNumber(v)
        case "integer": return isInteger(v)
        case "boolean": return v is NSNumber
        case "null": return v is NSNull
        default: return false
        }
    }

    static func equal(_ a: Any, _ b: Any) -> Bool {
        if let x = a as? String, let y = b as? String { return x == y }
        if let x = a as? NSNumber, let y = b as? NSNumber { return x == y }
        if a is NSNull && b is NSNull { return true }
        return false
    }

    func check(_ v: Any, against schema: [String: Any], doc: [String: Any], path: String, errors: inout [String]) {
        for (key, rule) in schema {
            switch key {
            case _ where Self.annotations.contains(key):
                continue
            case "$ref":
                guard let ref = rule as? String, let (target, targetDoc) = resolve(ref, in: doc) else { errors.append("\(path): unresolvable $ref \(rule)"); continue }
                check(v, against: target, doc: targetDoc, path: path, errors: &errors)
            case "type":
                let types = (rule as? [String]) ?? [(rule as? String) ?? ""]
                if !types.contains(where: { Self.typeMatches(v, $0) }) { errors.append("\(path): expected \(types.joined(separator: "|"))") }
            case "properties":
                guard let obj = v as? [String: Any], let props = rule as? [String: Any] else { continue }
                for (name, sub) in props {
                    if let value = obj[name], let sub = sub as? [String: Any] { check(value, against: sub, doc: doc, path: "\(path).\(name)", errors: &errors) }
                }
            case "required":
                guard let obj = v as? [String: Any], let names = rule as? [String] else { continue }
                for n in names where obj[n] == nil { errors.append("\(path): missing required \(n)") }
            case "additionalProperties":
                guard let obj = v as? [String: Any] else { continue }
                let known = Set((schema["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
                for (name, value) in obj where !known.contains(name) {
                    if let allowed = rule as? Bool {
                        if !allowed { errors.append("\(path): unexpected property \(name)") }
                    } else if let sub = rule as? [String: Any] {
                        check(value, against: sub, doc: doc, path: "\(path).\(name)", errors: &errors)
                    }
                }
            case "items":
                guard let arr = v as? [Any], let sub = rule as? [String: Any] else { continue }
                for (i, item) in arr.enumerated() { check(item, against: sub, doc: doc, path: "\(path)[\(i)]", errors: &errors) }
            case "minItems":
                if let arr = v as? [Any], let n = rule as? Int, arr.count < n { errors.append("\(path): fewer than \(n) items") }
            case "maxItems":
                if let arr = v as? [Any], let n = rule as? Int, arr.count > n { errors.append("\(path): more than \(n) items") }
            case "enum":
                if let options = rule as? [Any], !options.contains(where: { Self.equal(v, $0) }) { errors.append("\(path): \(v) not in enum") }
            case "const":
                if !Self.equal(v, rule) { errors.append("\(path): \(v) is not \(rule)") }
            case "pattern":
                guard let s = v as? String, let p = rule as? String else { continue }
                if s.range(of: p, options: .regularExpression) == nil { errors.append("\(path): \"\(s.prefix(40))\" does not match \(p)") }
            case "minLength":
                if let s = v as? String, let n = rule as? Int, s.count < n { errors.append("\(path): shorter than \(n)") }
            case "minimum":
                if let x = v as? NSNumber, let m = rule as? NSNumber, Self.isNumber(v), x.doubleValue < m.doubleValue { errors.append("\(path): \(x) < \(m)") }
            case "maximum":
                if let x = v as? NSNumber, let m = rule as? NSNumber, Self.isNumber(v), x.doubleValue > m.doubleValue { errors.append("\(path): \(x) > \(m)") }
            case "allOf", "anyOf", "oneOf":
                guard let subs = rule as? [[String: Any]] else { continue }
                let results = subs.map { sub -> [String] in var e: [String] = []; check(v, against: sub, doc: doc, path: path, errors: &e); return e }
                let passing = results.filter(\.isEmpty).count
                if key == "allOf" { errors += results.flatMap { $0 } }
                if key == "anyOf" && passing == 0 { errors.append("\(path): matches none of anyOf") }
                if key == "oneOf" && passing != 1 { errors.append("\(path): matches \(passing) of oneOf") }
            default:
                errors.append("\(path): schema keyword \(key) is not supported by this validator")
            }
        }
    }
}
