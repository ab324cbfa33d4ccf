using System.Text;
using System.Text.Json;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Tests.Support;
using ClusterMesh.Abstractions.Wire.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Abstractions.Tests.Wire;

/// <summary>
/// Differential: the hand-written ipcache reader against the generated metadata it stands in for. On valid
/// entries and on documents assembled from valid, odd and invalid fragments (nulls, wrong types, out-of-range
/// numbers, escaped and unknown names, repeats, trailing tokens, invalid UTF-8) both accept with the same record, or both reject
/// with the same reason. The one deliberate difference: the reader's <c>Metadata</c> is never <c>null</c> (Go's
/// empty string), where the generated code leaves an absent or <c>null</c> init-only member <c>null</c>. The reader
/// is checked unpooled and through pools shared by every case (one roomy, one nearly always full), so cached host
/// addresses and named-port lists must decode as a fresh parse would.
/// </summary>
public sealed class IpCacheEntryReaderProperties
{
    // Per field: values it takes, including the borderline ones; any field may also get any other fragment.
    internal static readonly Dictionary<string, string[]> Fields = new()
    {
        ["IP"] = ["\"10.1.2.3\"", "\"fd00::1\"", "\"\"", "null", "\"10.1.2\"", "\"::ffff:10.0.0.1\"", "\"10.1.2.3 \"", "\"10.1.2.¤\""],
        ["HostIP"] = ["\"192.168.0.1\"", "\"\"", "null", "\"fd00::2\"", "\"host\"", "\"192.168.0.\\u0031\"", "\"::ffff:192.168.0.1\"", "\"192.168.0.¤\""],
        ["ID"] = ["0", "1", "65536", "4294967295", "4294967296", "-1", "1.5", "1e2", "\"7\""],
        ["Key"] = ["0", "5", "255", "256", "-1", "2.0", "\"1\""],
        ["Mask"] = ["\"/////w==\"", "\"////AA==\"", "\"AAAA\"", "\"***\"", "null", "\"\"", "\"¤AA=\""],
        ["Metadata"] = ["\"\"", "\"m\"", "null", "\"caf\\u00e9\""],
        ["K8sNamespace"] = ["\"default\"", "\"kube-system\"", "null", "\"def\\u0061ult\"", "\"\"", "\"¤\""],
        ["K8sPodName"] = ["\"pod-1\"", "null", "\"\\\"quoted\\\"\"", "\"p¤\""],
        ["K8sPodUID"] = ["\"3f1c\"", "null"],
        ["K8sServiceAccount"] = ["\"default\"", "null", "\"sa-\\u00e9\""],
        ["NamedPorts"] =
        [
            "null", "[]", "[{\"Name\":\"http\",\"Port\":80,\"Protocol\":\"TCP\"}]", "[{\"Name\":\"dns\",\"Port\":53}]",
            "[null]", "[{\"Port\":80}]", "[{\"Name\":\"x\",\"Port\":70000}]", "[{\"Name\":\"x\",\"Extra\":1}]", "{}", "[{\"Name\":\"¤\",\"Port\":1}]", "[{\"¤\":1}]",
            "[ {\"Name\":\"http\", \"Port\":80} ]", "[{\"Name\":\"h\\u0074tp\",\"Port\":80,\"Protocol\":\"TCP\"}]", "[{\"Name\":\"x\",\"Extra\":1},tru]",
            "[{\"Name\":\"a\",\"Port\":1},{\"Name\":\"b\",\"Port\":2,\"Protocol\":\"SCTP\"}]", "[{\"Name\":\"a\",\"Port\":1},null]",
        ],
    };

    private static readonly Gen<string> Odd = Gen.Elements("true", "{}", "[]", "\"x\"", "0", "null", "-0", "[1]");

    private static readonly Gen<string> Field = Gen.Frequency(
        (12, Gen.Elements(Fields.Keys.ToArray()).SelectMany(name => Gen.Elements(Fields[name]).Select(value => $"\"{name}\":{value}"))),
        (2, Gen.Elements(Fields.Keys.ToArray()).SelectMany(name => Odd.Select(value => $"\"{name}\":{value}"))),
        (1, Gen.Elements("I\\u0050", "ip", "Ip", "Unknown", "", "K8sNamespace ", "¤").SelectMany(name => Odd.Select(value => $"\"{name}\":{value}"))));

    internal static readonly Gen<string> Document =
        from fields in Gen.Choose(0, 8).SelectMany(Field.ArrayOf)
        from withIp in Gen.Elements(true, true, false)
        from tail in Gen.Elements("", "", "", " ", " {}", " null", ",")
        from top in Gen.Elements(0, 0, 0, 0, 0, 0, 1, 2)
        let body = "{" + string.Join(",", withIp ? fields.Prepend("\"IP\":\"10.0.0.9\"") : fields) + "}"
        select top switch { 1 => "null", 2 => "[" + body + "]", _ => body + tail };

    [Property(MaxTest = 2000)]
    public Property Reader_matches_the_generated_metadata_on_assembled_documents() =>
        Prop.ForAll(Document.ToArbitrary(), json => Agree(NodeReaderProperties.WithInvalidUtf8(json)));

    /// <summary>Text that is not UTF-8 (a stray byte, a lone surrogate escape) in each string field and in a name.</summary>
    [Theory]
    [InlineData("{\"IP\":\"10.0.0.1\",\"K8sPodName\":\"p\u00ff\"}")]
    [InlineData("{\"IP\":\"10.0.0.1\",\"K8sNamespace\":\"n\u00ff\"}")]
    [InlineData("{\"IP\":\"10.0.0.1\",\"K8sServiceAccount\":\"\\ud800\"}")]
    [InlineData("{\"IP\":\"10.0.0.1\",\"Metadata\":\"\\ud800x\"}")]
    [InlineData("{\"IP\":\"10.\u00ff0.0.1\"}")]
    [InlineData("{\"IP\":\"10.0.0.1\",\"NamedPorts\":[{\"Name\":\"h\u00ff\",\"Port\":1}]}")]
    [InlineData("{\"IP\":\"10.0.0.1\",\"X\u00ff\":1}")]
    public void Reader_matches_the_generated_metadata_on_text_that_is_not_utf8(string latin1)
    {
        // Latin-1 keeps \u00ff as the single byte 0xFF, which no UTF-8 sequence starts with.
        var property = Agree(Encoding.Latin1.GetBytes(latin1));
        Check.One(Config.QuickThrowOnFailure, property);
    }

    [Property]
    public Property Reader_matches_the_generated_metadata_on_valid_entries() =>
        Prop.ForAll(RecordGen.IpCache.ToArbitrary(), sample =>
            Agree(JsonSerializer.SerializeToUtf8Bytes(sample.Value, WireJsonContext.Default.IpCacheEntry)));

    [Fact]
    public void Pool_shares_repeated_values_and_stays_within_its_capacity()
    {
        var pool = new Utf8StringPool(capacity: 2);
        var first = IpCacheEntryJsonReader.Read("{\"IP\":\"10.0.0.1\",\"K8sNamespace\":\"default\"}"u8, pool)!;
        var second = IpCacheEntryJsonReader.Read("{\"IP\":\"10.0.0.2\",\"K8sNamespace\":\"def\\u0061ult\"}"u8, pool)!;
        Assert.Same(first.K8sNamespace, second.K8sNamespace);
        foreach (var ns in new[] { "a", "b", "c", "d" })
        {
            Assert.Equal(ns, IpCacheEntryJsonReader.Read(Encoding.UTF8.GetBytes($"{{\"IP\":\"10.0.0.3\",\"K8sServiceAccount\":\"{ns}\"}}"), pool)!.K8sServiceAccount);
        }

        Assert.Equal(2, pool.Count);
    }

    // Shared by every case, so later cases meet values earlier ones pooled.
    private static readonly IpCacheEntryPools RoomyPools = IpCacheEntryPools.Create();
    private static readonly IpCacheEntryPools TinyPools = new(new Utf8StringPool(capacity: 2), new Utf8AddressPool(capacity: 2), new NamedPortListPool(capacity: 2, maxArrayLength: 48));

    internal static Property Agree(byte[] utf8)
    {
        var expected = DecodeOutcome.Of(() => JsonSerializer.Deserialize(utf8, WireJsonContext.Default.IpCacheEntry) is { } entry
            ? entry with { Metadata = entry.Metadata ?? string.Empty }
            : null);
        var diff = Compare(expected, "unpooled", DecodeOutcome.Of(() => IpCacheEntryJsonReader.Read(utf8, new Utf8StringPool())))
            ?? Compare(expected, "roomy pools", DecodeOutcome.Of(() => IpCacheEntryJsonReader.Read(utf8, RoomyPools)))
            ?? Compare(expected, "tiny pools", DecodeOutcome.Of(() => IpCacheEntryJsonReader.Read(utf8, TinyPools)));
        return (diff is null).Label($"{Encoding.UTF8.GetString(utf8)} → {diff}");
    }

    private static string? Compare(
        (IpCacheEntry? Value, RejectReason? Reason, string Detail) expected, string reader, (IpCacheEntry? Value, RejectReason? Reason, string Detail) actual) =>
        expected.Reason != actual.Reason
            ? $"generated: {expected.Reason} ({expected.Detail}), reader ({reader}): {actual.Reason} ({actual.Detail})"
            : Structural.Diff(expected.Value, actual.Value) is { } diff ? $"{reader}: {diff}" : null;
}
