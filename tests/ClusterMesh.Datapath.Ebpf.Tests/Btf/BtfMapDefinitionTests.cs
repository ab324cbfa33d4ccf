using ClusterMesh.Datapath.Ebpf.Btf;
using ClusterMesh.Datapath.Ebpf.Elf;
using ClusterMesh.Datapath.Ebpf.Specs;

namespace ClusterMesh.Datapath.Ebpf.Tests.Btf;

/// <summary>libbpf-style <c>.maps</c> definitions built by hand, as clang encodes <c>__uint</c> and <c>__type</c>.</summary>
public sealed class BtfMapDefinitionTests
{
    [Fact]
    public void Uint_and_type_members_become_a_map_spec()
    {
        var b = new BtfBlobBuilder();
        var map = MapStruct(b, ("type", Uint(b, 11)), ("key", Typed(b, LpmKey(b))), ("value", Typed(b, b.Int("__u32", 4))),
            ("max_entries", Uint(b, 1024)), ("map_flags", Uint(b, 1)), ("pinning", Uint(b, 1)));
        MapsSection(b, ("lpm", map));
        var spec = Assert.Single(BtfMapDefinitions.Read(b.Parse()));
        Assert.Equal(new MapSpec("lpm", BpfMapType.LpmTrie, 24, 4, 1024, 1, MapPinning.ByName), spec);
    }

    [Fact]
    public void Key_size_and_value_size_members_work_like_types()
    {
        var b = new BtfBlobBuilder();
        var map = MapStruct(b, ("type", Uint(b, 2)), ("key_size", Uint(b, 4)), ("value_size", Uint(b, 64)), ("max_entries", Uint(b, 1)));
        MapsSection(b, ("blob", map));
        Assert.Equal(new MapSpec("blob", BpfMapType.Array, 4, 64, 1, 0, MapPinning.None), Assert.Single(BtfMapDefinitions.Read(b.Parse())));
    }

    [Fact]
    public void Key_types_resolve_through_typedefs_and_const()
    {
        var b = new BtfBlobBuilder();
        var key = b.Add(BtfKind.Const, "", b.Add(BtfKind.Typedef, "key_t", LpmKey(b)));
        var map = MapStruct(b, ("type", Uint(b, 1)), ("key", Typed(b, key)), ("value", Typed(b, b.Int("__u64", 8))), ("max_entries", Uint(b, 2)));
        MapsSection(b, ("h", map));
        Assert.Equal(24u, Assert.Single(BtfMapDefinitions.Read(b.Parse())).KeySize);
    }

    [Fact]
    public void An_object_without_a_maps_section_has_no_maps()
    {
        var b = new BtfBlobBuilder();
        b.Int("int", 4);
        Assert.Empty(BtfMapDefinitions.Read(b.Parse()));
    }

    [Theory]
    [InlineData("numa_node", "not supported")]
    [InlineData("max_entries", "no 'type'")]
    public void Unknown_or_missing_attributes_are_format_errors(string member, string expected)
    {
        var b = new BtfBlobBuilder();
        var map = MapStruct(b, (member, Uint(b, 1)));
        MapsSection(b, ("bad", map));
        Assert.Contains(expected, Assert.Throws<ElfFormatException>(() => BtfMapDefinitions.Read(b.Parse())).Message);
    }

    [Fact]
    public void Conflicting_key_sizes_are_a_format_error()
    {
        var b = new BtfBlobBuilder();
        var map = MapStruct(b, ("type", Uint(b, 1)), ("key", Typed(b, b.Int("__u32", 4))), ("key_size", Uint(b, 8)));
        MapsSection(b, ("bad", map));
        Assert.Contains("key sizes 4 and 8", Assert.Throws<ElfFormatException>(() => BtfMapDefinitions.Read(b.Parse())).Message);
    }

    [Fact]
    public void Unknown_pinning_is_a_format_error()
    {
        var b = new BtfBlobBuilder();
        var map = MapStruct(b, ("type", Uint(b, 1)), ("key_size", Uint(b, 4)), ("value_size", Uint(b, 4)), ("max_entries", Uint(b, 1)), ("pinning", Uint(b, 2)));
        MapsSection(b, ("bad", map));
        Assert.Contains("pinning 2", Assert.Throws<ElfFormatException>(() => BtfMapDefinitions.Read(b.Parse())).Message);
    }

    private static uint LpmKey(BtfBlobBuilder b)
    {
        var u8 = b.Int("__u8", 1);
        var u32 = b.Int("__u32", 4);
        return b.Struct("cm_lpm_key", 24, ("prefixlen", u32, 0), ("family", u8, 32), ("pad", b.Array(u8, u32, 3), 40), ("addr", b.Array(u8, u32, 16), 64));
    }

    /// <summary><c>__uint(name, n)</c>: <c>int (*name)[n]</c>.</summary>
    private static uint Uint(BtfBlobBuilder b, uint n) => b.Pointer(b.Array(b.Int("int", 4), b.Int("__ARRAY_SIZE_TYPE__", 4), n));

    /// <summary><c>__type(name, T)</c>: <c>T *name</c>.</summary>
    private static uint Typed(BtfBlobBuilder b, uint type) => b.Pointer(type);

    private static uint MapStruct(BtfBlobBuilder b, params (string Name, uint Type)[] members) =>
        b.Struct("", (uint)members.Length * 8, [.. members.Select((m, i) => (m.Name, m.Type, (uint)i * 64))]);

    private static void MapsSection(BtfBlobBuilder b, params (string Name, uint Struct)[] maps)
    {
        var variables = maps.Select(m => b.Add(BtfKind.Variable, m.Name, m.Struct, trailing: 1)).ToArray();
        b.Add(BtfKind.DataSection, ".maps", 0, variables.Length, false, [.. variables.SelectMany(v => new[] { v, 0u, 0u })]);
    }
}
