using System.Collections;
using System.Text;
using System.Text.Json;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Tests.Support;
using ClusterMesh.Abstractions.Wire.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Abstractions.Tests.Wire;

/// <summary>
/// Differential: the hand-written service reader against the generated metadata it stands in for. On valid
/// services, on Cilium's own values and on documents assembled from valid, odd and invalid fragments at every level
/// (ports, zones, hints, maps; nulls, wrong types, out-of-range numbers, escaped, unknown and non-UTF-8 names and
/// text, repeated fields and keys, truncation, trailing tokens) both accept with the same record, built from the
/// same collection types in the same key order, or both reject with the same reason. The one deliberate
/// difference: the reader's <see cref="BackendZone.Zone"/> is never <c>null</c> (its initializer's empty string),
/// where the generated code leaves an absent or <c>null</c> init-only member <c>null</c>.
/// </summary>
public sealed class ClusterServiceReaderProperties
{
    [Property(MaxTest = 2000)]
    public Property Reader_matches_the_generated_metadata_on_assembled_documents() =>
        Prop.ForAll(ServiceJsonFragments.Documents.ToArbitrary(), json => Agree(ServiceJsonFragments.Bytes(json)));

    [Property]
    public Property Reader_matches_the_generated_metadata_on_valid_services() =>
        Prop.ForAll(RecordGen.Services.ToArbitrary(), sample =>
            Agree(JsonSerializer.SerializeToUtf8Bytes(sample.Value, WireJsonContext.Default.ClusterService)));

    [Fact]
    public void Reader_matches_the_generated_metadata_on_Cilium_values()
    {
        var services = CiliumVectors.Load().Vectors.Where(v => v.Key.StartsWith("cilium/state/services/v1/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(services);
        foreach (var vector in services)
        {
            var utf8 = Encoding.UTF8.GetBytes(vector.Value.ToJsonString());
            Assert.True(ClusterServiceJsonReader.Read(utf8, new Utf8StringPool()) is not null, vector.File);
            Assert.Null(Difference(utf8));
        }
    }

    [Fact]
    public void Pool_shares_repeated_names_across_services()
    {
        var pool = new Utf8StringPool();
        const string Body = """
            "cluster":"c1","namespace":"ns","name":"web","labels":{"app":"web"},
            "backends":{"10.0.0.1":{"http":{"Protocol":"TCP","Port":80}}},"zones":{"10.0.0.1":{"zone":"z1","forZones":[{"name":"z1"}]}}
            """;
        var first = ClusterServiceJsonReader.Read(Encoding.UTF8.GetBytes("{" + Body + "}"), pool)!;
        var second = ClusterServiceJsonReader.Read(Encoding.UTF8.GetBytes("{" + Body.Replace("\"ns\"", "\"n\\u0073\"", StringComparison.Ordinal) + "}"), pool)!;
        Assert.Same(first.Namespace, second.Namespace);
        Assert.Same(first.Cluster, second.Cluster);
        Assert.Same(first.Labels!.Single().Value, second.Labels!.Single().Value);
        Assert.Same(first.Backends!.Single().Value.Single().Key, second.Backends!.Single().Value.Single().Key);
        Assert.Same(first.Backends!.Single().Value.Single().Value.Protocol, second.Backends!.Single().Value.Single().Value.Protocol);
        Assert.Same(first.Zones!.Single().Value.Zone, second.Zones!.Single().Value.ForZones![0].Name);
        Assert.NotSame(first.Backends!.Single().Key, second.Backends!.Single().Key); // addresses are not pooled
    }

    private static Property Agree(byte[] utf8) =>
        Difference(utf8) is not { } diff ? true.ToProperty() : false.Label($"{Encoding.UTF8.GetString(utf8)} → {diff}");

    /// <summary>How the reader's outcome differs from the generated metadata's, or <c>null</c> when they agree.</summary>
    private static string? Difference(byte[] utf8)
    {
        var expected = DecodeOutcome.Of(() => JsonSerializer.Deserialize(utf8, WireJsonContext.Default.ClusterService));
        var actual = DecodeOutcome.Of(() => ClusterServiceJsonReader.Read(utf8, new Utf8StringPool()));
        return expected.Reason != actual.Reason
            ? $"generated: {expected.Reason} ({expected.Detail}), reader: {actual.Reason} ({actual.Detail})"
            : Structural.Diff(WithZoneDefault(expected.Value), actual.Value)
                ?? (Shape(expected.Value) is var want && Shape(actual.Value) is var got && want != got ? $"shape: {want} != {got}" : null);
    }

    /// <summary>The generated code's absent or null <see cref="BackendZone.Zone"/> as the initializer's empty string.</summary>
    private static ClusterService? WithZoneDefault(ClusterService? service) => service?.Zones is null
        ? service
        : service with { Zones = service.Zones.ToDictionary(z => z.Key, z => z.Value is null ? null! : z.Value with { Zone = z.Value.Zone ?? string.Empty }) };

    /// <summary>What callers could see beyond the values: each collection's runtime type, comparer and key order.</summary>
    private static string Shape(object? value) => value switch
    {
        null or string or PortConfiguration or ZoneHint => string.Empty,
        ClusterService s => string.Join("|", Shape(s.Frontends), Shape(s.Backends), Shape(s.Hostnames), Shape(s.Zones), Shape(s.Labels), Shape(s.Selector)),
        BackendZone z => Shape(z.ForZones),
        IDictionary map => $"{map.GetType()}/{map.GetType().GetProperty("Comparer")?.GetValue(map)?.GetType().Name}{{"
            + string.Join(",", map.Keys.Cast<object>().Select(k => $"{k}={Shape(map[k])}")) + "}",
        IEnumerable list => $"{list.GetType()}[{string.Join(",", list.Cast<object?>().Select(Shape))}]",
        _ => value.GetType().ToString(),
    };
}
