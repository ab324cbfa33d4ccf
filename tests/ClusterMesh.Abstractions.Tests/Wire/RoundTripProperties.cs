using System.Text.Json.Nodes;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Tests.Support;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Abstractions.Wire.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Abstractions.Tests.Wire;

/// <summary>Random valid records survive Encode → Decode (under their own key) unchanged, field by field.</summary>
public sealed class RoundTripProperties
{
    [Property]
    public Property Nodes_round_trip() => RoundTrips(RecordGen.Nodes, c => c.Nodes, NodeKey.Parse);

    [Property]
    public Property Ipcache_entries_round_trip() => RoundTrips(RecordGen.IpCache, c => c.IpCache, IpCacheKey.Parse);

    [Property]
    public Property Services_round_trip() => RoundTrips(RecordGen.Services, c => c.Services, ServiceKey.Parse);

    [Property]
    public Property Service_exports_round_trip() => RoundTrips(RecordGen.ServiceExports, c => c.ServiceExports, ServiceExportKey.Parse);

    [Property]
    public Property Cluster_configs_round_trip() => RoundTrips(RecordGen.ClusterConfigs, c => c.ClusterConfig, ClusterConfigKey.Parse);

    [Property]
    public Property Identities_round_trip() => RoundTrips(RecordGen.Identities, c => c.Identities, IdentityKey.Parse);

    [Property]
    public Property Addresses_round_trip_through_Go_text() =>
        Prop.ForAll(WireGen.Ip.ToArbitrary(), address =>
            GoIp.TryParse(GoIp.Format(address), out var back) && back.Equals(address));

    [Property]
    public Property Prefixes_round_trip_through_CIDR_text() =>
        Prop.ForAll(Gen.OneOf(WireGen.Prefix4, WireGen.Prefix6).ToArbitrary(), prefix =>
            IpPrefix.Parse(prefix.ToString()) == prefix && IpPrefix.TryFromMask(prefix.Address, prefix.GetMask(), out var back) && back == prefix);

    [Property]
    public Property Timestamps_round_trip_with_offset() =>
        Prop.ForAll(
            (from time in WireGen.WholeSecondUtc from minutes in Gen.Choose(-14 * 60, 14 * 60)
             select time.ToOffset(TimeSpan.FromMinutes(minutes))).ToArbitrary(),
            time =>
            {
                var back = KvText.DecodeTimestamp("k", KvText.EncodeTimestamp(time));
                return back == time && back.Offset == time.Offset;
            });

    private static Property RoundTrips<T, TKey>(
        Gen<(WireValidationContext Context, T Value)> records, Func<WireCodecs, IKvCodec<T>> pick, Func<string, TKey> parseKey)
        where T : notnull
        where TKey : struct, IKvKey<TKey> =>
        Prop.ForAll(records.ToArbitrary(), pair =>
        {
            var codec = pick(WireCodecs.For(pair.Context));
            var key = codec.KeyOf(pair.Value);
            var bytes = codec.Encode(pair.Value);

            var decoded = codec.Decode(key, bytes);

            Assert.Null(Structural.Diff(pair.Value, decoded));
            Assert.Equal(key, parseKey(key).ToString());
            if (typeof(T) != typeof(IdentityEntry))
            {
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(bytes), JsonNode.Parse(codec.Encode(decoded))));
            }
        });
}
