using ClusterMesh.Datapath.Ebpf.Btf;

namespace ClusterMesh.Datapath.Ebpf.Tests.Btf;

/// <summary>One hand-built blob per BTF kind: the record decodes, and sizes resolve as C's sizeof.</summary>
public sealed class BtfKindTests
{
    [Fact]
    public void Int()
    {
        var b = new BtfBlobBuilder();
        var id = b.Int("int", 4, encoding: 1);
        var types = b.Parse();
        Assert.Equal(new BtfInt("int", 4, Encoding: 1, BitOffset: 0, Bits: 32), types[id]);
        Assert.Equal(4u, types.SizeOf(id));
    }

    [Fact]
    public void Pointer()
    {
        var b = new BtfBlobBuilder();
        var target = b.Int("char", 1);
        var id = b.Pointer(target);
        var types = b.Parse();
        Assert.Equal(new BtfPointer(target), types[id]);
        Assert.Equal(8u, types.SizeOf(id));
    }

    [Fact]
    public void Array()
    {
        var b = new BtfBlobBuilder();
        var u32 = b.Int("__u32", 4);
        var id = b.Array(u32, u32, 6);
        var nested = b.Array(id, u32, 3);
        var types = b.Parse();
        Assert.Equal(new BtfArray(u32, u32, 6), types[id]);
        Assert.Equal(24u, types.SizeOf(id));
        Assert.Equal(72u, types.SizeOf(nested));
    }

    [Theory]
    [InlineData((int)BtfKind.Struct)]
    [InlineData((int)BtfKind.Union)]
    public void Struct_and_union(int kindValue)
    {
        var kind = (BtfKind)kindValue;
        var b = new BtfBlobBuilder();
        var u32 = b.Int("__u32", 4);
        var id = b.Composite(kind, "pair", 8, ("a", u32, 0), ("b", u32, 32));
        var types = b.Parse();
        var composite = Assert.IsType<BtfComposite>(types[id]);
        Assert.Equal((kind, "pair", 8u), (composite.Kind, composite.Name, composite.Size));
        Assert.Equal([new BtfMember("a", u32, 0), new BtfMember("b", u32, 32)], composite.Members);
        Assert.Equal(8u, types.SizeOf(id));
    }

    [Fact]
    public void Struct_with_bitfields_keeps_only_the_bit_offset()
    {
        var b = new BtfBlobBuilder();
        var u32 = b.Int("__u32", 4);
        var id = b.Add(BtfKind.Struct, "flags", 4, 1, kindFlag: true, b.Name("low"), u32, (3u << 24) | 5);
        Assert.Equal(new BtfMember("low", u32, 5), ((BtfComposite)b.Parse()[id]).Members[0]);
    }

    [Fact]
    public void Enum()
    {
        var b = new BtfBlobBuilder();
        var id = b.Add(BtfKind.Enum, "color", 4, 2, false, b.Name("RED"), 0, b.Name("MINUS"), unchecked((uint)-1));
        var types = b.Parse();
        var value = Assert.IsType<BtfEnum>(types[id]);
        Assert.Equal(BtfKind.Enum, value.Kind);
        Assert.Equal([new("RED", 0), new("MINUS", -1)], value.Values);
        Assert.Equal(4u, types.SizeOf(id));
    }

    [Fact]
    public void Enum64()
    {
        var b = new BtfBlobBuilder();
        var id = b.Add(BtfKind.Enum64, "big", 8, 1, false, b.Name("HUGE"), 0x89abcdef, 0x01234567);
        var types = b.Parse();
        var value = Assert.IsType<BtfEnum>(types[id]);
        Assert.Equal(BtfKind.Enum64, value.Kind);
        Assert.Equal(0x0123456789abcdefL, value.Values.Single().Value);
        Assert.Equal(8u, types.SizeOf(id));
    }

    [Fact]
    public void Forward_declaration_has_no_size()
    {
        var b = new BtfBlobBuilder();
        var id = b.Add(BtfKind.Forward, "later", 0, kindFlag: true);
        var types = b.Parse();
        Assert.Equal(new BtfForward("later", IsUnion: true), types[id]);
        Assert.Throws<ClusterMesh.Datapath.Ebpf.Elf.ElfFormatException>(() => types.SizeOf(id));
    }

    [Theory]
    [InlineData((int)BtfKind.Typedef, "u32_alias")]
    [InlineData((int)BtfKind.Volatile, "")]
    [InlineData((int)BtfKind.Const, "")]
    [InlineData((int)BtfKind.Restrict, "")]
    [InlineData((int)BtfKind.TypeTag, "user")]
    public void Typedefs_qualifiers_and_type_tags_resolve_to_their_target(int kindValue, string name)
    {
        var kind = (BtfKind)kindValue;
        var b = new BtfBlobBuilder();
        var u16 = b.Int("__u16", 2);
        var id = b.Add(kind, name, u16);
        var outer = b.Add(BtfKind.Typedef, "outer", id);
        var types = b.Parse();
        Assert.Equal(new BtfReference(kind, name, u16), types[id]);
        Assert.Equal(types[u16], types.Underlying(outer));
        Assert.Equal(2u, types.SizeOf(outer));
    }

    [Fact]
    public void Function_and_prototype()
    {
        var b = new BtfBlobBuilder();
        var i32 = b.Int("int", 4);
        var proto = b.Add(BtfKind.FunctionProto, "", i32, 1, false, b.Name("skb"), i32);
        var function = b.Add(BtfKind.Function, "from_netdev", proto, vlen: 1); // vlen of FUNC is its linkage
        var types = b.Parse();
        Assert.Equal(i32, Assert.IsType<BtfFunctionProto>(types[proto]).ReturnType);
        Assert.Equal([new BtfMember("skb", i32, 0)], ((BtfFunctionProto)types[proto]).Parameters);
        Assert.Equal(new BtfReference(BtfKind.Function, "from_netdev", proto), types[function]);
        Assert.Same(types[function], types.Underlying(function)); // a function is not a typedef to see through
    }

    [Fact]
    public void Variable_and_data_section()
    {
        var b = new BtfBlobBuilder();
        var u64 = b.Int("__u64", 8);
        var variable = b.Add(BtfKind.Variable, "counter", u64, trailing: 1);
        var section = b.Add(BtfKind.DataSection, ".data", 16, 1, false, variable, 8, 8);
        var types = b.Parse();
        Assert.Equal(new BtfVariable("counter", u64, Linkage: 1), types[variable]);
        var data = Assert.IsType<BtfDataSection>(types[section]);
        Assert.Equal([new BtfSectionVariable(variable, 8, 8)], data.Variables);
        Assert.Equal(16u, types.SizeOf(section));
        Assert.Same(data, types.Find(BtfKind.DataSection, ".data"));
    }

    [Fact]
    public void Float()
    {
        var b = new BtfBlobBuilder();
        var id = b.Add(BtfKind.Float, "double", 8);
        var types = b.Parse();
        Assert.Equal(new BtfFloat("double", 8), types[id]);
        Assert.Equal(8u, types.SizeOf(id));
    }

    [Fact]
    public void Decl_tag()
    {
        var b = new BtfBlobBuilder();
        var u32 = b.Int("__u32", 4);
        var id = b.Add(BtfKind.DeclTag, "kernel_only", u32, trailing: unchecked((uint)-1));
        Assert.Equal(new BtfDeclTag("kernel_only", u32, ComponentIndex: -1), b.Parse()[id]);
    }
}
