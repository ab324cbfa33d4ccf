using ClusterMesh.Abstractions.Datapath;

namespace ClusterMesh.Testing.Datapath;

/// <summary>The tunnel map, the route table and the endpoint map.</summary>
public abstract partial class DatapathContractTests
{
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
