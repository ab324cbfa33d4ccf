using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Datapath.Ebpf.Maps;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Datapath.Ebpf.Tests.Maps;

/// <summary>The C# structs against the sizes and offsets of bpf/cm_maps.h.</summary>
public sealed class MapLayoutTests
{
    [Fact]
    public void Struct_sizes_match_cm_maps_h()
    {
        Assert.Equal(24, Unsafe.SizeOf<LpmKey>());
        Assert.Equal(12, Unsafe.SizeOf<IpCacheEntryValue>());
        Assert.Equal(8, Unsafe.SizeOf<TunnelValue>());
        Assert.Equal(20, Unsafe.SizeOf<RouteValue>());
        Assert.Equal(20, Unsafe.SizeOf<EndpointKey>());
        Assert.Equal(24, Unsafe.SizeOf<EndpointValue>());
        Assert.Equal(16, Unsafe.SizeOf<ConfigValue>());
        Assert.Equal((int)LpmKey.Size, Unsafe.SizeOf<LpmKey>());
    }

    [Fact]
    public void An_ipv4_lpm_key_counts_the_family_word_and_puts_the_address_first()
    {
        var key = LpmKey.From(IpPrefix.Parse("10.244.1.0/24"));

        byte[] expected = [56, 0, 0, 0, 4, 0, 0, 0, 10, 244, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal(expected, Bytes(key));
    }

    [Fact]
    public void An_ipv4_mapped_ipv6_address_and_its_ipv4_form_get_different_keys()
    {
        var v4 = LpmKey.Host(IPAddress.Parse("10.0.0.1"));
        var v6 = LpmKey.Host(IPAddress.Parse("::ffff:10.0.0.1"));

        Assert.Equal(64u, v4.PrefixLength);
        Assert.Equal(160u, v6.PrefixLength);
        Assert.Equal(6, Bytes(v6)[4]);
        Assert.NotEqual(Bytes(v4), Bytes(v6));
    }

    [Fact]
    public void An_endpoint_value_lays_out_ifindex_identity_id_and_both_macs()
    {
        var value = new EndpointValue { IfIndex = 7, Identity = 0x010203, EndpointId = 12 };
        unsafe
        {
            new byte[] { 1, 2, 3, 4, 5, 6 }.CopyTo(new Span<byte>(value.PodMac, 6));
            new byte[] { 0xa, 0xb, 0xc, 0xd, 0xe, 0xf }.CopyTo(new Span<byte>(value.HostMac, 6));
        }

        byte[] expected = [7, 0, 0, 0, 3, 2, 1, 0, 12, 0, 0, 0, 1, 2, 3, 4, 5, 6, 0xa, 0xb, 0xc, 0xd, 0xe, 0xf];
        Assert.Equal(expected, Bytes(value));
    }

    [Fact]
    public void Underlay_addresses_are_stored_in_network_order()
    {
        var word = AddressBytes.ToIPv4Word(IPAddress.Parse("192.168.0.12"), "node");

        Assert.Equal(new byte[] { 192, 168, 0, 12 }, BitConverter.GetBytes(word));
        Assert.Equal(IPAddress.Parse("192.168.0.12"), AddressBytes.FromIPv4Word(word));
        Assert.Throws<ArgumentException>(() => AddressBytes.ToIPv4Word(IPAddress.Parse("fd00::1"), "node"));
    }

    [Property]
    public Property Every_prefix_survives_the_lpm_key_round_trip(byte[] bytes, bool ipv6, byte length)
    {
        var address = new byte[ipv6 ? 16 : 4];
        bytes ??= [];
        bytes.AsSpan(0, Math.Min(bytes.Length, address.Length)).CopyTo(address);
        var prefix = new IpPrefix(new IPAddress(address), length % ((address.Length * 8) + 1));

        return (LpmKey.From(prefix).ToPrefix() == prefix).ToProperty();
    }

    [Theory]
    [InlineData("0-1\n", 2)]
    [InlineData("0", 1)]
    [InlineData("0-3,8,10-11", 7)]
    public void Possible_cpus_count_every_listed_cpu(string text, int expected) => Assert.Equal(expected, PossibleCpus.Parse(text));

    private static byte[] Bytes<T>(T value)
        where T : unmanaged => MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)).ToArray();
}
