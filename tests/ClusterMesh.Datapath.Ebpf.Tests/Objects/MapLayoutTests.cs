using ClusterMesh.Datapath.Ebpf.Btf;
using ClusterMesh.Datapath.Ebpf.Elf;
using ClusterMesh.Datapath.Ebpf.Specs;

namespace ClusterMesh.Datapath.Ebpf.Tests.Objects;

/// <summary>
/// The map specs match cm_maps.h. The sizes below were computed by hand from the C structs (natural alignment,
/// no packing) and are cross-checked against the struct sizes clang recorded in the object's BTF.
/// </summary>
public sealed class MapLayoutTests
{
    // By hand: u32 prefixlen + u8 family + u8 pad[3] + u8 addr[16] = 4 + 1 + 3 + 16.
    private const uint LpmKeySize = 24;

    // u32 identity + u32 tunnel_endpoint + u8 encrypt_key + u8 pad[3].
    private const uint IpCacheValueSize = 12;

    // u32 node_address + u8 encrypt_key + u8 pad[3].
    private const uint TunnelValueSize = 8;

    // u8 family + u8 pad[3] + u8 next_hop[16].
    private const uint RouteValueSize = 20;

    // u8 family + u8 pad[3] + u8 addr[16].
    private const uint EndpointKeySize = 20;

    // u32 ifindex + u32 identity + u32 endpoint_id + u8 pod_mac[6] + u8 host_mac[6] = 24, already a multiple of 4.
    private const uint EndpointValueSize = 24;

    // Four u32: node_address, vxlan_ifindex, netdev_ifindex, flags.
    private const uint ConfigSize = 16;

    private const uint NoPrealloc = 1; // BPF_F_NO_PREALLOC
    private const uint CounterSlots = 16; // CM_CTR_MAX

    private static readonly CollectionSpec Datapath = DatapathObjects.LoadDatapath();

    public static TheoryData<string, BpfMapType, uint, uint, uint, uint> Expected => new()
    {
        { "cm_ipcache", BpfMapType.LpmTrie, LpmKeySize, IpCacheValueSize, 524288, NoPrealloc },
        { "cm_tunnel", BpfMapType.LpmTrie, LpmKeySize, TunnelValueSize, 65536, NoPrealloc },
        { "cm_routes", BpfMapType.LpmTrie, LpmKeySize, RouteValueSize, 65536, NoPrealloc },
        { "cm_endpoints", BpfMapType.Hash, EndpointKeySize, EndpointValueSize, 65536, 0 },
        { "cm_config", BpfMapType.Array, 4, ConfigSize, 1, 0 },
        { "cm_counters", BpfMapType.PerCpuArray, 4, 8, CounterSlots, 0 },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Map_spec_matches_cm_maps_h(string name, BpfMapType type, uint keySize, uint valueSize, uint maxEntries, uint flags)
    {
        var map = Datapath.Maps[name];
        Assert.Equal(new MapSpec(name, type, keySize, valueSize, maxEntries, flags, MapPinning.ByName), map);
        Assert.True(map.InitialValue.IsEmpty);
    }

    [Fact]
    public void The_object_declares_exactly_the_six_maps() =>
        Assert.Equal(
            ["cm_config", "cm_counters", "cm_endpoints", "cm_ipcache", "cm_routes", "cm_tunnel"],
            Datapath.Maps.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("cm_lpm_key", LpmKeySize)]
    [InlineData("cm_ipcache_value", IpCacheValueSize)]
    [InlineData("cm_tunnel_value", TunnelValueSize)]
    [InlineData("cm_route_value", RouteValueSize)]
    [InlineData("cm_endpoint_key", EndpointKeySize)]
    [InlineData("cm_endpoint_value", EndpointValueSize)]
    [InlineData("cm_config", ConfigSize)]
    public void Hand_computed_sizes_agree_with_the_btf_of_the_object(string structName, uint size)
    {
        var btf = BtfOfDatapath();
        var type = btf.Find(BtfKind.Struct, structName);
        Assert.NotNull(type);
        Assert.Equal(size, ((BtfComposite)type).Size);
    }

    [Fact]
    public void Every_lpm_trie_is_created_without_preallocation() =>
        Assert.All(Datapath.Maps.Values.Where(m => m.Type == BpfMapType.LpmTrie), m => Assert.Equal(NoPrealloc, m.Flags & NoPrealloc));

    private static BtfTypes BtfOfDatapath()
    {
        var image = DatapathObjects.ReadObject(DatapathObjects.DatapathObjectName);
        var btf = ElfFile.Parse(image).Find(BtfReader.Section)!;
        return BtfReader.Parse(btf.Data.Span);
    }
}
