using System.Text;
using System.Text.Json;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Tests.Support;
using ClusterMesh.Abstractions.Wire.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Abstractions.Tests.Wire;

/// <summary>
/// Differential: the hand-written node reader against the generated metadata it stands in for. On valid nodes, on
/// the Cilium vectors and on documents assembled from valid, odd and invalid fragments (nulls, wrong types,
/// out-of-range numbers, bad addresses and masks, escaped and unknown names, repeated fields and map keys, trailing
/// tokens) both accept with the same record and the same collection types, or both reject with the same reason.
/// The one deliberate difference: the reader's <c>Source</c>, <c>WireguardPubKey</c> and <c>BootID</c> are never
/// <c>null</c> but their initializers' values, where the generated code leaves an absent or <c>null</c> init-only
/// member <c>null</c>; <see cref="Agree"/> normalizes exactly that.
/// </summary>
public sealed class NodeReaderProperties
{
    private const string Network4 = "{\"IP\":\"10.244.0.0\",\"Mask\":\"////AA==\"}";
    private const string Network6 = "{\"IP\":\"fd00:10:244::\",\"Mask\":\"//////////8AAAAAAAAAAA==\"}";

    // Fragments marked '¤' become invalid UTF-8 (WithInvalidUtf8).
    private static readonly (string[] Good, string[] Bad) Networks = (
        ["null", Network4, Network6, "{\"IP\":\"10.244.0.0\",\"Mask\":\"////AA==\",\"IP\":null}", "{\"I\\u0050\":\"10.1.0.0\",\"Mask\":\"//8AAA==\"}"],
        [
            "{\"IP\":\"10.244.0.0\"}", "{\"IP\":\"10.244.0.0\",\"Mask\":null}", "{\"IP\":\"10.244.0.0\",\"Mask\":\"/wD/AA==\"}", "{\"IP\":\"10.244.0.0\",\"Mask\":\"***\"}",
            "{\"IP\":\"\",\"Mask\":\"////AA==\"}", "{\"IP\":\"10.244.0.0\",\"Mask\":\"////AA==\",\"Len\":24}", "{}", "\"10.0.0.0/8\"",
            "{\"IP\":\"10.244.0.0\",\"Mask\":\"/////////////////////w==\"}", "{\"IP\":{},\"Mask\":\"////AA==\"}", "{\"ip\":\"10.0.0.0\",\"Mask\":\"/w==\"}",
            "{\"IP\":\"10.0.0.0\",\"Mask\":\"¤AA=\"}",
        ]);

    private static readonly (string[] Good, string[] Bad) NetworkLists = (
        ["null", "[]", $"[{Network4}]", $"[{Network4},{Network6}]"],
        ["[null]", "{}", "[[]]", "[\"10.0.0.0/8\"]", "[{}]"]);

    private static readonly (string[] Good, string[] Bad) Addresses = (
        ["\"10.244.0.134\"", "\"fd00:10:244::d812\"", "\"\"", "null", "\"::ffff:10.0.0.1\"", "\"1\\u0030.0.0.1\""],
        ["\"10.0.0.256\"", "1", "\" 10.0.0.1\"", "\"10.0.0.¤\""]);

    private static readonly (string[] Good, string[] Bad) Maps = (
        [
            "null", "{}", "{\"kubernetes.io/hostname\":\"node-1\"}", "{\"a\":\"1\",\"a\":\"2\"}", "{\"a\":null}", "{\"$id\":\"x\"}", "{\"\\u0061\":\"b\",\"a\":\"c\"}",
            "{\"topology.kubernetes.io/zone\":\"z1\",\"kubernetes.io/os\":\"linux\"}", "{\"\":\"\"}", "{\"k\":\"caf\\u00e9\",\"kubernetes.io/hostname\":\"n\\u0031\"}",
        ],
        ["{\"a\":1}", "{\"a\":{}}", "[]", "\"x\"", "{\"¤\":\"v\"}", "{\"k\":\"¤\"}"]);

    // Per field: values the generated code accepts (repeats, escapes, nulls, borderline numbers) and values it rejects.
    private static readonly Dictionary<string, (string[] Good, string[] Bad)> Fields = new()
    {
        ["Name"] = (["\"node-1\"", "\"\"", "null", "\"n\\u0061me\""], ["1", "\"n¤\""]),
        ["Cluster"] = (["\"cluster3\"", "null", "\"\"", "\"clu\\u0073ter3\""], ["[]"]),
        ["IPAddresses"] = (
            [
                "null", "[]", "[{\"Type\":\"InternalIP\",\"IP\":\"172.18.0.2\"}]", "[{\"Type\":\"CiliumInternalIP\",\"IP\":\"fd00::1\"},{\"Type\":\"ExternalIP\",\"IP\":\"\"}]",
                "[null]", "[{\"Type\":null,\"IP\":null}]", "[{\"Type\":\"InternalIP\",\"Type\":\"ExternalIP\"}]",
                "[{\"Type\":\"InternalIP\",\"IP\":\"10.0.0.1\",\"IP\":null}]", "[{\"T\\u0079pe\":\"InternalIP\"}]",
            ],
            [
                "[{\"IP\":\"1.2.3.4\"}]", "[{\"Type\":\"InternalIP\",\"IP\":\"1.2.3\"}]", "[{\"Type\":\"InternalIP\",\"Extra\":1}]", "[{\"Type\":1}]", "{}", "[1]",
                "[{\"type\":\"InternalIP\"}]", "[{\"Type\":\"InternalIP\",\"IP\":5}]", "[{\"Type\":\"¤\"}]",
            ]),
        ["IPv4AllocCIDR"] = Networks,
        ["IPv6AllocCIDR"] = Networks,
        ["IPv4SecondaryAllocCIDRs"] = NetworkLists,
        ["IPv6SecondaryAllocCIDRs"] = NetworkLists,
        ["IPv4HealthIP"] = Addresses,
        ["IPv6HealthIP"] = Addresses,
        ["IPv4IngressIP"] = Addresses,
        ["IPv6IngressIP"] = Addresses,
        ["ClusterID"] = (["0", "3", "255", "2147483647", "-1", "-2147483648"], ["2147483648", "1.5", "3.0", "1e2", "\"3\"", "null"]),
        ["Source"] = (["\"custom-resource\"", "\"kvstore\"", "null", "\"\"", "\"loc\\u0061l\""], ["1"]),
        ["EncryptionKey"] = (["0", "7", "255", "-0"], ["256", "-1", "2.0", "\"1\"", "null"]),
        ["Labels"] = Maps,
        ["Annotations"] = Maps,
        ["NodeIdentity"] = (["null", "0", "7", "4294967295"], ["4294967296", "-1", "1.5", "\"5\""]),
        ["WireguardPubKey"] = (["\"VRksOB6ZNds4oXWIGfSVpvc0gBhcOWFmzvTDcyvULlI=\"", "\"\"", "null", "\"\\u0000\""], ["1"]),
        ["BootID"] = (["\"570d3fd1-93db-4862-ba99-6a3c2c10c38f\"", "\"\"", "null"], ["[]"]),
    };

    // Escaped known names, other cases, and near misses of each length the name dispatch tells apart.
    private static readonly string[] UnknownNames =
    [
        "N\\u0061me", "name", "NAME", "Unknown", "", "Source ", "$id", "IP", "Type", "¤", "Sourcf", "Xabels", "BootIX", "Clustex", "ClusterIX",
        "IPAddressex", "Annotationx", "IPv4HealthIX", "IPv5HealthIP", "NodeIdentitY", "IPv4AllocCIDX", "IPv4IngressIX", "EncryptionKeY", "IPv7AllocCIDR",
        "WireguardPubKeX", "IPv4SecondaryAllocCIDRS", "IPv6SecondaryAllocCIDRx", "IPv\\u0036AllocCIDR", "Bo\\u006ftID",
    ];

    private static readonly Gen<string> Odd = Gen.Elements("true", "{}", "[]", "\"x\"", "0", "null", "-0", "[1]", "{\"IP\":null}", "[null]");

    private static readonly Gen<string> GoodField =
        Gen.Elements(Fields.Keys.ToArray()).SelectMany(name => Gen.Elements(Fields[name].Good).Select(value => $"\"{name}\":{value}"));

    private static readonly Gen<string> AnyField = Gen.Frequency(
        (8, GoodField),
        (4, Gen.Elements(Fields.Keys.ToArray()).SelectMany(name => Gen.Elements(Fields[name].Bad).Select(value => $"\"{name}\":{value}"))),
        (2, Gen.Elements(Fields.Keys.ToArray()).SelectMany(name => Odd.Select(value => $"\"{name}\":{value}"))),
        (1, Gen.Elements(UnknownNames).SelectMany(name => Odd.Select(value => $"\"{name}\":{value}"))));

    // A third of the documents take only acceptable fragments, so that documents mixing repeats, escapes and nulls
    // are often accepted as a whole; the rest mix in everything.
    private static readonly Gen<string> Document =
        from field in Gen.Elements(GoodField, AnyField, AnyField)
        from fields in Gen.OneOf(Gen.Choose(0, 3), Gen.Choose(4, 12)).SelectMany(field.ArrayOf)
        from withName in Gen.Elements(true, true, true, true, true, true, true, false)
        from withCluster in Gen.Elements(true, true, true, true, true, true, true, false)
        from tail in Gen.Elements("", "", "", "", "", " ", "\n", " {}", " null", ",")
        from top in Gen.Elements(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2)
        let required = (withName ? new[] { "\"Name\":\"node-1\"" } : []).Concat(withCluster ? ["\"Cluster\":\"cluster3\""] : [])
        let body = "{" + string.Join(",", required.Concat(fields)) + "}"
        select top switch { 1 => "null", 2 => "[" + body + "]", _ => body + tail };

    // Shared across cases and small, so pooled hits, misses and a full pool all occur.
    private static readonly Utf8StringPool SharedPool = new(capacity: 32);

    [Property(MaxTest = 2000)]
    public Property Reader_matches_the_generated_metadata_on_assembled_documents() =>
        Prop.ForAll(Document.ToArbitrary(), json => Agree(WithInvalidUtf8(json)));

    [Property]
    public Property Reader_matches_the_generated_metadata_on_valid_nodes() =>
        Prop.ForAll(RecordGen.Nodes.ToArbitrary(), sample =>
            Agree(JsonSerializer.SerializeToUtf8Bytes(sample.Value, WireJsonContext.Default.Node)));

    [Fact]
    public void Reader_matches_the_generated_metadata_on_the_cilium_node_vectors()
    {
        var nodes = CiliumVectors.Load().Vectors.Where(v => KvKeys.Classify(v.Key) == KvKeyKind.Node).ToList();

        Assert.True(nodes.Count >= 2, $"expected node.json and node-ipsec.json, found {nodes.Count} node vectors");
        Assert.All(nodes, vector =>
        {
            var utf8 = Encoding.UTF8.GetBytes(vector.Value.ToJsonString());
            Assert.Null(Disagreement(utf8));
            Assert.Equal(vector.Value["BootID"]!.GetValue<string>(), NodeJsonReader.Read(utf8, new Utf8StringPool())!.BootID);
        });
    }

    [Fact]
    public void Absent_or_null_init_only_members_take_their_initializers_values()
    {
        var absent = NodeJsonReader.Read("{\"Name\":\"n\",\"Cluster\":\"c\"}"u8, new Utf8StringPool())!;
        var nulls = NodeJsonReader.Read("{\"Name\":\"n\",\"Cluster\":\"c\",\"Source\":null,\"WireguardPubKey\":null,\"BootID\":null}"u8, new Utf8StringPool())!;

        Assert.All(new[] { absent, nulls }, node => Assert.Equal(("custom-resource", "", ""), (node.Source, node.WireguardPubKey, node.BootID)));
    }

    [Fact]
    public void Pool_shares_cluster_names_address_types_and_map_keys_but_not_the_hostname_label()
    {
        var pool = new Utf8StringPool();
        const string Json = "{\"Name\":\"n\",\"Cluster\":\"c\\u0031\",\"IPAddresses\":[{\"Type\":\"InternalIP\",\"IP\":\"10.0.0.1\"}],"
            + "\"Labels\":{\"kubernetes.io/os\":\"linux\",\"kubernetes.io/hostname\":\"n\"},\"Annotations\":{\"k\":\"v\"}}";
        var first = NodeJsonReader.Read(Encoding.UTF8.GetBytes(Json), pool)!;
        var second = NodeJsonReader.Read(Encoding.UTF8.GetBytes(Json), pool)!;

        Assert.Same(first.Cluster, second.Cluster);
        Assert.Same(first.IPAddresses![0].Type, second.IPAddresses![0].Type);
        Assert.Same(first.Labels!["kubernetes.io/os"], second.Labels!["kubernetes.io/os"]);
        Assert.Same(first.Labels.Keys.First(), second.Labels.Keys.First());
        Assert.Same(first.Annotations!.Keys.Single(), second.Annotations!.Keys.Single());
        Assert.NotSame(first.Labels["kubernetes.io/hostname"], second.Labels["kubernetes.io/hostname"]);
        Assert.NotSame(first.Annotations["k"], second.Annotations["k"]);
    }

    /// <summary>The document's UTF-8 with each '¤' (C2 A4) made an invalid sequence (C3 28): JSON strings and names
    /// are not checked for valid UTF-8 until they are decoded.</summary>
    internal static byte[] WithInvalidUtf8(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        for (var i = utf8.AsSpan().IndexOf("¤"u8); i >= 0; i = utf8.AsSpan().IndexOf("¤"u8))
        {
            (utf8[i], utf8[i + 1]) = (0xC3, 0x28);
        }

        return utf8;
    }

    private static Property Agree(byte[] utf8) =>
        Disagreement(utf8) is not { } diff ? true.ToProperty() : false.Label($"{Encoding.UTF8.GetString(utf8)} → {diff}");

    private static string? Disagreement(byte[] utf8)
    {
        var expected = DecodeOutcome.Of(() => JsonSerializer.Deserialize(utf8, WireJsonContext.Default.Node) is { } node
            ? node with { Source = node.Source ?? "custom-resource", WireguardPubKey = node.WireguardPubKey ?? string.Empty, BootID = node.BootID ?? string.Empty }
            : null);
        var actual = DecodeOutcome.Of(() => NodeJsonReader.Read(utf8, SharedPool));
        return expected.Reason != actual.Reason
            ? $"generated: {expected.Reason} ({expected.Detail}), reader: {actual.Reason} ({actual.Detail})"
            : Structural.Diff(expected.Value, actual.Value) ?? CollectionTypes(expected.Value, actual.Value);
    }

    /// <summary>Callers may cast or pattern-match the collections, so their runtime types must agree too.</summary>
    private static string? CollectionTypes(Node? expected, Node? actual)
    {
        if (expected is null || actual is null)
        {
            return null;
        }

        object?[] left = [expected.IPAddresses, expected.IPv4SecondaryAllocCIDRs, expected.IPv6SecondaryAllocCIDRs, expected.Labels, expected.Annotations];
        object?[] right = [actual.IPAddresses, actual.IPv4SecondaryAllocCIDRs, actual.IPv6SecondaryAllocCIDRs, actual.Labels, actual.Annotations];
        return left.Zip(right)
            .Where(pair => pair.First?.GetType() != pair.Second?.GetType() || ComparerOf(pair.First) != ComparerOf(pair.Second))
            .Select(pair => $"collection {pair.First?.GetType().Name} ({ComparerOf(pair.First)?.Name}) != {pair.Second?.GetType().Name} ({ComparerOf(pair.Second)?.Name})")
            .FirstOrDefault();

        static Type? ComparerOf(object? collection) => (collection as Dictionary<string, string>)?.Comparer.GetType();
    }
}
