using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Testing.Datapath;

/// <summary>
/// The semantics every <see cref="IDatapath"/> must share (Simulation now, eBPF later): upsert, delete, lookup
/// and dump of each map, longest-prefix match like a BPF LPM trie, both address families in one map.
/// Each test gets a fresh, empty datapath; one that is <see cref="IDisposable"/> is disposed after the test.
/// </summary>
public abstract class DatapathContractTests : IDisposable
{
    private static readonly NumericIdentity Frontend = new(65793);
    private static readonly NumericIdentity Backend = new(65794);
    private IDatapath? _datapath;

    /// <summary>A new datapath with empty maps.</summary>
    protected abstract IDatapath CreateDatapath();

    protected IDatapath Datapath => _datapath ??= CreateDatapath();

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            (_datapath as IDisposable)?.Dispose();
        }
    }

    protected static IPAddress Ip(string text) => IPAddress.Parse(text);

    protected static IpPrefix Cidr(string text) => IpPrefix.Parse(text);

    private static IpCacheValue Value(NumericIdentity identity, string? tunnelEndpoint = null, byte key = 0) =>
        new(identity, tunnelEndpoint is null ? null : Ip(tunnelEndpoint), key);

    [Fact]
    public void Lookup_in_an_empty_map_misses()
    {
        Assert.Equal(0, Datapath.IpCache.Count);
        Assert.False(Datapath.IpCache.TryLookup(Ip("10.0.0.1"), out _, out _));
        Assert.False(Datapath.IpCache.TryLookup(Ip("fd00::1"), out _, out _));
    }

    [Fact]
    public void Upsert_then_lookup_returns_the_value_and_the_matched_prefix()
    {
        var value = Value(Backend, "192.168.0.12", key: 3);
        Datapath.IpCache.Upsert(Cidr("10.244.1.0/24"), value);

        Assert.True(Datapath.IpCache.TryLookup(Ip("10.244.1.77"), out var matched, out var found));
        Assert.Equal(Cidr("10.244.1.0/24"), matched);
        Assert.Equal(value, found);
        Assert.Equal(1, Datapath.IpCache.Count);
    }

    [Fact]
    public void Upsert_of_an_existing_prefix_replaces_its_value()
    {
        Datapath.IpCache.Upsert(Cidr("10.244.1.0/24"), Value(Frontend));
        Datapath.IpCache.Upsert(new IpPrefix(Ip("10.244.1.9"), 24), Value(Backend, "192.168.0.12"));

        Assert.Equal(1, Datapath.IpCache.Count);
        Assert.True(Datapath.IpCache.TryLookup(Ip("10.244.1.1"), out _, out var found));
        Assert.Equal(Value(Backend, "192.168.0.12"), found);
    }

    [Theory]
    [InlineData("10.244.1.5", "10.244.1.5/32")]
    [InlineData("10.244.1.6", "10.244.1.0/24")]
    [InlineData("10.244.2.6", "10.244.0.0/16")]
    [InlineData("172.16.0.1", "0.0.0.0/0")]
    public void The_longest_containing_prefix_wins(string address, string expected)
    {
        Datapath.IpCache.Upsert(Cidr("0.0.0.0/0"), Value(NumericIdentity.World));
        Datapath.IpCache.Upsert(Cidr("10.244.0.0/16"), Value(new NumericIdentity(300)));
        Datapath.IpCache.Upsert(Cidr("10.244.1.0/24"), Value(Frontend));
        Datapath.IpCache.Upsert(Cidr("10.244.1.5/32"), Value(Backend));

        Assert.True(Datapath.IpCache.TryLookup(Ip(address), out var matched, out _));
        Assert.Equal(Cidr(expected), matched);
    }

    [Fact]
    public void A_zero_length_prefix_matches_every_address_of_its_own_family_only()
    {
        Datapath.IpCache.Upsert(Cidr("0.0.0.0/0"), Value(NumericIdentity.World));

        Assert.True(Datapath.IpCache.TryLookup(Ip("255.255.255.255"), out _, out _));
        Assert.True(Datapath.IpCache.TryLookup(Ip("0.0.0.0"), out _, out _));
        Assert.False(Datapath.IpCache.TryLookup(Ip("fd00::1"), out _, out _));
        Assert.False(Datapath.IpCache.TryLookup(Ip("::ffff:10.0.0.1"), out _, out _));
    }

    [Fact]
    public void An_address_outside_every_prefix_misses()
    {
        Datapath.IpCache.Upsert(Cidr("10.0.0.0/8"), Value(Frontend));
        Datapath.IpCache.Upsert(Cidr("10.1.2.3/32"), Value(Backend));

        Assert.False(Datapath.IpCache.TryLookup(Ip("11.0.0.1"), out _, out _));
        Assert.False(Datapath.IpCache.TryLookup(Ip("9.255.255.255"), out _, out _));
    }

    [Fact]
    public void Delete_removes_only_the_exact_prefix_and_lookups_fall_back_to_a_shorter_one()
    {
        Datapath.IpCache.Upsert(Cidr("10.244.0.0/16"), Value(Frontend));
        Datapath.IpCache.Upsert(Cidr("10.244.1.0/24"), Value(Backend));

        Assert.True(Datapath.IpCache.Delete(Cidr("10.244.1.0/24")));

        Assert.Equal(1, Datapath.IpCache.Count);
        Assert.True(Datapath.IpCache.TryLookup(Ip("10.244.1.1"), out var matched, out var found));
        Assert.Equal(Cidr("10.244.0.0/16"), matched);
        Assert.Equal(Value(Frontend), found);
    }

    [Fact]
    public void Delete_of_a_missing_prefix_returns_false_and_changes_nothing()
    {
        Assert.False(Datapath.IpCache.Delete(Cidr("10.0.0.0/8")));
        Datapath.IpCache.Upsert(Cidr("10.244.1.0/24"), Value(Frontend));

        Assert.False(Datapath.IpCache.Delete(Cidr("10.244.1.0/25")));
        Assert.False(Datapath.IpCache.Delete(Cidr("10.244.1.0/23")));
        Assert.False(Datapath.IpCache.Delete(Cidr("fd00::/24")));
        Assert.True(Datapath.IpCache.Delete(Cidr("10.244.1.0/24")));
        Assert.False(Datapath.IpCache.Delete(Cidr("10.244.1.0/24")));
        Assert.Equal(0, Datapath.IpCache.Count);
    }

    [Theory]
    [InlineData("fd00:10:244:1::5", "fd00:10:244:1::5/128")]
    [InlineData("fd00:10:244:1::6", "fd00:10:244:1::/64")]
    [InlineData("fd00:10:244:2::6", "fd00:10:244::/48")]
    [InlineData("2001:db8::1", "::/0")]
    public void Ipv6_longest_prefix_match(string address, string expected)
    {
        Datapath.IpCache.Upsert(Cidr("::/0"), Value(NumericIdentity.World));
        Datapath.IpCache.Upsert(Cidr("fd00:10:244::/48"), Value(new NumericIdentity(300)));
        Datapath.IpCache.Upsert(Cidr("fd00:10:244:1::/64"), Value(Frontend));
        Datapath.IpCache.Upsert(Cidr("fd00:10:244:1::5/128"), Value(Backend));

        Assert.True(Datapath.IpCache.TryLookup(Ip(address), out var matched, out _));
        Assert.Equal(Cidr(expected), matched);
    }

    [Fact]
    public void Ipv4_and_ipv6_entries_live_side_by_side_without_crossing_families()
    {
        Datapath.IpCache.Upsert(Cidr("10.0.0.0/8"), Value(Frontend));
        Datapath.IpCache.Upsert(Cidr("::/0"), Value(Backend));

        Assert.Equal(2, Datapath.IpCache.Count);
        Assert.True(Datapath.IpCache.TryLookup(Ip("10.1.1.1"), out var v4, out _));
        Assert.Equal(Cidr("10.0.0.0/8"), v4);
        Assert.True(Datapath.IpCache.TryLookup(Ip("::ffff:10.1.1.1"), out var v6, out _));
        Assert.Equal(Cidr("::/0"), v6);
        Assert.False(Datapath.IpCache.TryLookup(Ip("11.1.1.1"), out _, out _));
    }

    [Fact]
    public void Dump_lists_every_entry_with_its_value_and_omits_deleted_ones()
    {
        var expected = new Dictionary<IpPrefix, IpCacheValue>
        {
            [Cidr("0.0.0.0/0")] = Value(NumericIdentity.World),
            [Cidr("10.244.1.5/32")] = Value(Backend, "192.168.0.12", 1),
            [Cidr("fd00::/64")] = Value(Frontend),
        };
        foreach (var (prefix, value) in expected)
        {
            Datapath.IpCache.Upsert(prefix, value);
        }

        Datapath.IpCache.Upsert(Cidr("10.9.0.0/16"), Value(Frontend));
        Datapath.IpCache.Delete(Cidr("10.9.0.0/16"));

        var dump = Datapath.IpCache.Dump();
        Assert.Equal(expected.Count, dump.Count);
        Assert.Equal(expected, dump.ToDictionary(e => e.Key, e => e.Value));
    }

    [Fact]
    public void Count_follows_upserts_replacements_and_deletes()
    {
        for (var i = 0; i < 100; i++)
        {
            Datapath.IpCache.Upsert(IpPrefix.Host(new IPAddress([10, 0, (byte)(i / 10), (byte)i])), Value(Frontend));
        }

        Datapath.IpCache.Upsert(Cidr("10.0.0.0/32"), Value(Backend));
        Assert.Equal(100, Datapath.IpCache.Count);

        for (var i = 0; i < 100; i += 2)
        {
            Assert.True(Datapath.IpCache.Delete(IpPrefix.Host(new IPAddress([10, 0, (byte)(i / 10), (byte)i]))));
        }

        Assert.Equal(50, Datapath.IpCache.Count);
        Assert.Equal(50, Datapath.IpCache.Dump().Count);
    }

    [Fact]
    public void The_tunnel_map_maps_pod_cidrs_to_nodes_by_longest_prefix()
    {
        var node2 = new TunnelEndpoint(Ip("192.168.0.12"), 0);
        var node3 = new TunnelEndpoint(Ip("192.168.0.13"), 7);
        Datapath.Tunnels.Upsert(Cidr("10.244.0.0/16"), node2);
        Datapath.Tunnels.Upsert(Cidr("10.244.3.0/24"), node3);

        Assert.True(Datapath.Tunnels.TryLookup(Ip("10.244.3.9"), out _, out var found));
        Assert.Equal(node3, found);
        Assert.True(Datapath.Tunnels.TryLookup(Ip("10.244.2.9"), out _, out found));
        Assert.Equal(node2, found);
        Assert.True(Datapath.Tunnels.Delete(Cidr("10.244.3.0/24")));
        Assert.True(Datapath.Tunnels.TryLookup(Ip("10.244.3.9"), out _, out found));
        Assert.Equal(node2, found);
        Assert.Single(Datapath.Tunnels.Dump());
    }

    [Fact]
    public void The_route_table_picks_the_next_hop_of_the_longest_route()
    {
        Datapath.Routes.Upsert(Cidr("10.244.0.0/16"), Ip("192.168.0.1"));
        Datapath.Routes.Upsert(Cidr("10.244.2.0/24"), Ip("192.168.0.12"));
        Datapath.Routes.Upsert(Cidr("fd00:10:244:2::/64"), Ip("fd00:192:168::12"));

        Assert.True(Datapath.Routes.TryLookup(Ip("10.244.2.200"), out var matched, out var nextHop));
        Assert.Equal((Cidr("10.244.2.0/24"), Ip("192.168.0.12")), (matched, nextHop));
        Assert.True(Datapath.Routes.TryLookup(Ip("10.244.7.1"), out _, out nextHop));
        Assert.Equal(Ip("192.168.0.1"), nextHop);
        Assert.True(Datapath.Routes.TryLookup(Ip("fd00:10:244:2::1"), out _, out nextHop));
        Assert.Equal(Ip("fd00:192:168::12"), nextHop);
        Assert.False(Datapath.Routes.TryLookup(Ip("10.245.0.1"), out _, out _));
        Assert.Equal(3, Datapath.Routes.Count);
    }

    [Fact]
    public void The_maps_are_independent()
    {
        Datapath.IpCache.Upsert(Cidr("10.244.1.0/24"), Value(Frontend));

        Assert.False(Datapath.Tunnels.TryLookup(Ip("10.244.1.1"), out _, out _));
        Assert.False(Datapath.Routes.TryLookup(Ip("10.244.1.1"), out _, out _));
        Assert.Equal(0, Datapath.Tunnels.Count);
        Assert.Empty(Datapath.Routes.Dump());
        Assert.Equal(0, Datapath.Endpoints.Count);
    }

    [Fact]
    public void The_endpoint_map_adds_replaces_finds_and_deletes_by_address()
    {
        var frontend = new LocalEndpoint(Ip("10.244.1.5"), 12, Frontend, "default", "x-wing");
        var backend = new LocalEndpoint(Ip("fd00:10:244:1::6"), 13, Backend, "default", "rebel-base");
        Datapath.Endpoints.Upsert(frontend);
        Datapath.Endpoints.Upsert(backend);
        Datapath.Endpoints.Upsert(frontend with { EndpointId = 14 });

        Assert.Equal(2, Datapath.Endpoints.Count);
        Assert.True(Datapath.Endpoints.TryLookup(Ip("10.244.1.5"), out var found));
        Assert.Equal(frontend with { EndpointId = 14 }, found);
        Assert.False(Datapath.Endpoints.TryLookup(Ip("10.244.1.6"), out _));

        Assert.True(Datapath.Endpoints.Delete(Ip("10.244.1.5")));
        Assert.False(Datapath.Endpoints.Delete(Ip("10.244.1.5")));
        Assert.False(Datapath.Endpoints.TryLookup(Ip("10.244.1.5"), out _));
        Assert.Equal([backend], Datapath.Endpoints.Dump());
    }

    [Fact]
    public void The_endpoint_map_matches_exact_addresses_only()
    {
        Datapath.Endpoints.Upsert(new LocalEndpoint(Ip("10.244.1.5"), 12, Frontend, "default", "x-wing"));

        Assert.False(Datapath.Endpoints.TryLookup(Ip("10.244.1.4"), out _));
        Assert.False(Datapath.Endpoints.TryLookup(Ip("::ffff:10.244.1.5"), out _));
        Assert.False(Datapath.Endpoints.Delete(Ip("fd00::1")));
        Assert.Equal(1, Datapath.Endpoints.Count);
    }
}
