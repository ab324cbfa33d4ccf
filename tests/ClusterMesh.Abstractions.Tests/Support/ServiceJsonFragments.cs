using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace ClusterMesh.Abstractions.Tests.Support;

/// <summary>
/// JSON text of <c>ClusterService</c> values assembled from fragments at every level (service, address → ports,
/// port, zones, hints, string maps). Each level draws from valid values (including borderline ones: escapes, JSON
/// <c>null</c>, empty strings and objects, repeated fields and keys, <c>-0</c>, 65535) and, with weight
/// <c>bad</c> against 12, from invalid ones (wrong types, out-of-range or fractional numbers, unknown, case-changed
/// and non-UTF-8 names, lone surrogates, missing required members, truncation, trailing tokens). With <c>bad</c> 0
/// every document is a valid service, so the accepting paths are exercised with rich content too.
/// </summary>
public sealed class ServiceJsonFragments
{
    /// <summary>Stands for a byte that is not valid UTF-8 (0xFF); <see cref="Bytes"/> puts it in.</summary>
    public const char NotUtf8 = '§';

    private const string Required = "\"cluster\":\"c1\",\"namespace\":\"ns\",\"name\":\"web\"";

    private static readonly string[] WrongShapes = ["true", "[]", "\"x\"", "0", "-0", "[1]", "{}"];

    private readonly int _bad;

    /// <param name="bad">Weight of invalid fragments against 12 valid ones.</param>
    /// <param name="badPorts">The same for port numbers alone: the one rule with a reason of its own (InvalidField).</param>
    private ServiceJsonFragments(int bad, int badPorts)
    {
        _bad = bad;
        var str = Pick(["\"c\"", "\"default\"", "null", "\"\"", "\"caf\\u00e9\"", "\"d\\u0065fault\""], ["\"\\ud800\"", $"\"x{NotUtf8}\"", "1", "{}"]);
        var portNumber = Pick(
            ["0", "80", "8080", "65535", "-0"],
            ["65536", "70000", "-1", "1.0", "1e2", "99999999999999999999", "4294967296", "\"80\"", "null", "true"],
            badPorts);
        var protocol = Pick(["\"TCP\"", "\"UDP\"", "\"SCTP\"", "\"T\\u0043P\"", "null", "\"\""], ["6", "[]"]);
        var unknownValue = Gen.Elements(WrongShapes.Append("null").ToArray());

        var port = Shaped(ObjectOf(
            Gen.Frequency(
                (4, protocol.Select(v => $"\"Protocol\":{v}")),
                (4, portNumber.Select(v => $"\"Port\":{v}")),
                (_bad, Names("protocol", "port", "Extra", "P\\u006frt ").SelectMany(n => unknownValue.Select(v => $"\"{n}\":{v}")))),
            required: "\"Protocol\":\"TCP\""));
        var ports = MapOf(Pick(["http", "https", "dns", "", "h\\u0074tp"], [$"{NotUtf8}", "\\udc00"]), port);
        var byAddress = MapOf(Pick(["10.0.0.1", "fd00::1", "10.0.0.2", "bogus"], [$"10.0.0.{NotUtf8}"]), ports);

        var hint = Shaped(ObjectOf(
            Gen.Frequency(
                (6, str.Select(v => $"\"name\":{v}")),
                (_bad, Names("Name", "x").SelectMany(n => unknownValue.Select(v => $"\"{n}\":{v}")))),
            required: "\"name\":\"zone-a\""));
        var hints = Gen.Frequency(
            (12, Gen.Choose(0, 3).SelectMany(hint.ArrayOf).Select(items => "[" + string.Join(",", items) + "]")),
            (1, Gen.Constant("null")),
            (_bad, Gen.Elements(WrongShapes.Where(s => s != "[]").ToArray())));
        var zone = Shaped(ObjectOf(
            Gen.Frequency(
                (4, str.Select(v => $"\"zone\":{v}")),
                (4, hints.Select(v => $"\"forZones\":{v}")),
                (_bad, Names("Zone", "forzones", "x").SelectMany(n => unknownValue.Select(v => $"\"{n}\":{v}")))),
            required: null));
        var zones = MapOf(Pick(["10.0.0.1", "fd00::1", "10.0.0.\\u0031"], [$"{NotUtf8}"]), zone);
        var stringMap = MapOf(Pick(["app", "a\\u0070p", "tier", "", "k\\u00e9"], ["\\ud800", $"k{NotUtf8}"]), str);

        var fields = new Dictionary<string, Gen<string>>
        {
            ["cluster"] = str, ["namespace"] = str, ["name"] = str,
            ["frontends"] = byAddress, ["backends"] = byAddress,
            ["hostnames"] = stringMap, ["zones"] = zones, ["labels"] = stringMap, ["selector"] = stringMap,
            ["includeExternal"] = Pick(["true", "false"], ["null", "1", "\"true\""]),
            ["shared"] = Pick(["true", "false"], ["null", "0", "\"false\""]),
            ["clusterID"] = Pick(["0", "1", "255", "-1", "-0", "2147483647", "-2147483648"], ["2147483648", "1.0", "1e2", "\"1\"", "null"]),
        };
        var field = Gen.Frequency(
            (12, Gen.Elements([.. fields.Keys, "frontends", "backends", "frontends", "backends", "zones"]).SelectMany(name => fields[name].Select(value => $"\"{name}\":{value}"))),
            (_bad, Gen.Elements(fields.Keys.ToArray()).SelectMany(name => Gen.Elements(WrongShapes).Select(value => $"\"{name}\":{value}"))),
            (_bad, Names("clust\\u0065r", "Cluster", "clusterId", "frontend", "Unknown", "", "$id", "name ", $"n{NotUtf8}")
                .SelectMany(name => unknownValue.Select(value => $"\"{name}\":{value}"))));

        Document =
            from members in Gen.Choose(0, 7).SelectMany(field.ArrayOf)
            from required in Pick(["true"], ["false"])
            from tail in Pick(["", " ", "\n"], [" {}", " null", ",", "]", "}"])
            from top in Pick(["object", "object", "object", "object", "object", "object", "object", "object", "null"], ["array", "cut"])
            from cut in Gen.Choose(0, 1000)
            let body = "{" + string.Join(",", required == "true" ? members.Prepend(Required) : members) + "}"
            select top switch { "null" => "null", "array" => "[" + body + "]", "cut" => body[..(cut % body.Length)], _ => body + tail };
    }

    /// <summary>Documents from every level of badness: valid only, rarely invalid, often invalid, invalid in port numbers only.</summary>
    public static Gen<string> Documents { get; } = Gen.OneOf(
        new ServiceJsonFragments(0, 0).Document, new ServiceJsonFragments(1, 1).Document,
        new ServiceJsonFragments(4, 4).Document, new ServiceJsonFragments(0, 3).Document);

    private Gen<string> Document { get; }

    /// <summary>UTF-8 of <paramref name="json"/>, each <see cref="NotUtf8"/> as the invalid byte 0xFF.</summary>
    public static byte[] Bytes(string json) =>
        json.Split(NotUtf8).Select(Encoding.UTF8.GetBytes).Aggregate((a, b) => [.. a, 0xFF, .. b]);

    private Gen<string> Pick(string[] valid, string[] invalid) => Pick(valid, invalid, _bad);

    private static Gen<string> Pick(string[] valid, string[] invalid, int bad) =>
        bad == 0 ? Gen.Elements(valid) : Gen.Frequency((12, Gen.Elements(valid)), (bad, Gen.Elements(invalid)));

    private static Gen<string> Names(params string[] names) => Gen.Elements(names);

    /// <summary>An object, sometimes JSON <c>null</c> (valid for every member of reference type) or a wrong shape.</summary>
    private Gen<string> Shaped(Gen<string> value) =>
        Gen.Frequency((12, value), (1, Gen.Constant("null")), (_bad, Gen.Elements(WrongShapes.Where(s => s != "{}").ToArray())));

    /// <summary>An object of 0..4 members from <paramref name="member"/>, led by <paramref name="required"/> unless invalid.</summary>
    private Gen<string> ObjectOf(Gen<string> member, string? required) =>
        from members in Gen.Choose(0, 4).SelectMany(member.ArrayOf)
        from lead in Pick(["true"], ["false"])
        select "{" + string.Join(",", lead == "true" && required is not null ? members.Prepend(required) : members) + "}";

    /// <summary>A JSON object mapping keys (repeats likely) to values, sometimes null or a wrong shape.</summary>
    private Gen<string> MapOf(Gen<string> keys, Gen<string> values) => Gen.Frequency(
        (12, Gen.Choose(0, 3).SelectMany(n => (from k in keys from v in values select $"\"{k}\":{v}").ArrayOf(n))
            .Select(entries => "{" + string.Join(",", entries) + "}")),
        (1, Gen.Constant("null")),
        (_bad, Gen.Elements(WrongShapes.Where(s => s != "{}").ToArray())));
}
