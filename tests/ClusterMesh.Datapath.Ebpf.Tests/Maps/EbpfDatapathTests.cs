using System.Net;
using System.Net.NetworkInformation;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Datapath.Ebpf.Maps;
using ClusterMesh.Datapath.Ebpf.Specs;
using ClusterMesh.Datapath.Ebpf.Tests.Support;

namespace ClusterMesh.Datapath.Ebpf.Tests.Maps;

/// <summary>What the eBPF datapath adds to the contract: pins across restarts, the C byte layout, config, counters.</summary>
[RequiresBpf]
public sealed class EbpfDatapathTests : IDisposable
{
    private static readonly NumericIdentity Backend = new(65794);
    private readonly TempPinDirectory _pins = new();
    private readonly ListLogger _logger = new();

    public void Dispose() => _pins.Dispose();

    [Fact]
    public void Open_pins_every_map_by_name_and_a_reopen_adopts_them_with_their_contents()
    {
        var endpoint = new LocalEndpoint(IPAddress.Parse("10.244.1.5"), 12, Backend, "default", "x-wing");
        using (var first = EbpfDatapath.Open(_pins.Path, _logger))
        {
            first.IpCache.Upsert(IpPrefix.Parse("10.244.2.0/24"), new IpCacheValue(Backend, IPAddress.Parse("192.168.0.12"), 1));
            first.Tunnels.Upsert(IpPrefix.Parse("10.244.2.0/24"), new TunnelEndpoint(IPAddress.Parse("192.168.0.12"), 1));
            first.Routes.Upsert(IpPrefix.Parse("fd00:2::/64"), IPAddress.Parse("fd00::12"));
            first.Endpoints.Upsert(endpoint);
        }

        Assert.Equal(
            DatapathMapSpecs.All.Select(s => s.Name).Order(),
            Directory.GetFiles(_pins.Path).Select(Path.GetFileName).Order());

        using var second = EbpfDatapath.Open(_pins.Path, _logger);
        Assert.Equal(6, _logger.Entries.Count(e => e.Id.Id == 6101));
        Assert.True(second.IpCache.TryLookup(IPAddress.Parse("10.244.2.9"), out var matched, out var value));
        Assert.Equal((IpPrefix.Parse("10.244.2.0/24"), new IpCacheValue(Backend, IPAddress.Parse("192.168.0.12"), 1)), (matched, value));
        Assert.Equal(1, second.Tunnels.Count);
        Assert.True(second.Routes.TryLookup(IPAddress.Parse("fd00:2::1"), out matched, out _));
        Assert.Equal(IpPrefix.Parse("fd00:2::/64"), matched);

        // Namespace and pod name live only in memory: they read empty until the agent upserts the endpoint again.
        Assert.True(second.Endpoints.TryLookup(endpoint.Address, out var adopted));
        Assert.Equal(endpoint with { Namespace = string.Empty, PodName = string.Empty }, adopted);
        Assert.Equal(1, second.Endpoints.Count);
    }

    [Fact]
    public void An_endpoint_attachment_is_written_to_the_kernel_and_read_back()
    {
        using var datapath = EbpfDatapath.Open(_pins.Path, _logger);
        var attachment = new EndpointAttachment(7, PhysicalAddress.Parse("02-00-0A-F4-01-05"), PhysicalAddress.Parse("EE-EE-EE-EE-EE-01"));
        var endpoint = new LocalEndpoint(IPAddress.Parse("10.244.1.5"), 12, Backend, "default", "x-wing") { Attachment = attachment };

        datapath.Endpoints.Upsert(endpoint);

        Assert.True(datapath.Endpoints.TryLookup(endpoint.Address, out var found));
        Assert.Equal(endpoint, found);
        Assert.Equal([endpoint], datapath.Endpoints.Dump());
    }

    [Fact]
    public void The_kernel_holds_the_bytes_cm_maps_h_describes()
    {
        using (var datapath = EbpfDatapath.Open(_pins.Path, _logger))
        {
            datapath.IpCache.Upsert(IpPrefix.Parse("10.244.2.0/24"), new IpCacheValue(new NumericIdentity(0x010203), IPAddress.Parse("192.168.0.12"), 5));
            datapath.Endpoints.Upsert(new LocalEndpoint(IPAddress.Parse("fd00::5"), 9, new NumericIdentity(300), "ns", "pod")
            {
                Attachment = new EndpointAttachment(4, PhysicalAddress.Parse("02-00-00-00-00-05"), PhysicalAddress.Parse("EE-00-00-00-00-04")),
            });
        }

        using var ipcache = BpfMap.Open(DatapathMapSpecs.IpCache, _pins.Path, _logger);
        byte[] key = [56, 0, 0, 0, 4, 0, 0, 0, 10, 244, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var value = new byte[12];
        Assert.True(ipcache.TryLookup(key, value));
        Assert.Equal(new byte[] { 3, 2, 1, 0, 192, 168, 0, 12, 5, 0, 0, 0 }, value);

        using var endpoints = BpfMap.Open(DatapathMapSpecs.Endpoints, _pins.Path, _logger);
        var endpointKey = new byte[20];
        endpointKey[0] = 6;
        IPAddress.Parse("fd00::5").GetAddressBytes().CopyTo(endpointKey, 4);
        var endpointValue = new byte[24];
        Assert.True(endpoints.TryLookup(endpointKey, endpointValue));
        Assert.Equal(new byte[] { 4, 0, 0, 0, 44, 1, 0, 0, 9, 0, 0, 0, 2, 0, 0, 0, 0, 5, 0xEE, 0, 0, 0, 0, 4 }, endpointValue);
    }

    [Fact]
    public void An_ipv6_tunnel_endpoint_is_refused_because_the_map_holds_ipv4_underlay_addresses()
    {
        using var datapath = EbpfDatapath.Open(_pins.Path, _logger);

        Assert.Throws<ArgumentException>(() => datapath.Tunnels.Upsert(IpPrefix.Parse("10.0.0.0/8"), new TunnelEndpoint(IPAddress.Parse("fd00::1"), 0)));
        Assert.Equal(0, datapath.Tunnels.Count);
    }

    [Fact]
    public void Config_is_written_and_read_back_and_counters_start_at_zero()
    {
        using var datapath = EbpfDatapath.Open(_pins.Path, _logger);

        datapath.WriteConfig(IPAddress.Parse("192.168.0.11"), vxlanIfIndex: 5, netdevIfIndex: 2);

        Assert.Equal((IPAddress.Parse("192.168.0.11"), 5, 2, 0u), datapath.ReadConfig());
        var counters = datapath.ReadCounters();
        Assert.Equal(Enum.GetValues<DatapathCounter>().Length, counters.Count);
        Assert.All(counters.Values, value => Assert.Equal(0UL, value));
    }

    [Fact]
    public void Counters_written_by_the_kernel_side_are_read_summed_and_by_name()
    {
        using var datapath = EbpfDatapath.Open(_pins.Path, _logger);
        using var counters = BpfMap.Open(DatapathMapSpecs.Counters, _pins.Path, _logger);
        var perCpu = new byte[counters.ValueBufferSize];
        perCpu.AsSpan().Clear();
        BitConverter.TryWriteBytes(perCpu, 3UL);
        counters.Update(BitConverter.GetBytes((uint)DatapathCounter.TunnelTx), perCpu);

        Assert.Equal(3UL, datapath.ReadCounters()[DatapathCounter.TunnelTx]);
        Assert.Equal(0UL, datapath.ReadCounters()[DatapathCounter.LocalDelivery]);
    }

    [Fact]
    public void The_map_specs_follow_cm_maps_h()
    {
        Assert.Equal(new MapSpec("cm_ipcache", BpfMapType.LpmTrie, 24, 12, 524288, 1, MapPinning.ByName), DatapathMapSpecs.IpCache);
        Assert.Equal(new MapSpec("cm_endpoints", BpfMapType.Hash, 20, 24, 65536, 0, MapPinning.ByName), DatapathMapSpecs.Endpoints);
        Assert.Equal(new MapSpec("cm_counters", BpfMapType.PerCpuArray, 4, 8, 16, 0, MapPinning.ByName), DatapathMapSpecs.Counters);
    }
}
