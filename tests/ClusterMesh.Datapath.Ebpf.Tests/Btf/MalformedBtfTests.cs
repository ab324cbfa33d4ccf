using System.Buffers.Binary;
using ClusterMesh.Datapath.Ebpf.Btf;
using ClusterMesh.Datapath.Ebpf.Elf;

namespace ClusterMesh.Datapath.Ebpf.Tests.Btf;

/// <summary>Broken BTF is an <see cref="ElfFormatException"/> that names the BTF area, never a crash or a hang.</summary>
public sealed class MalformedBtfTests
{
    [Fact]
    public void Wrong_magic()
    {
        var blob = new BtfBlobBuilder().Build();
        (blob[0], blob[1]) = (blob[1], blob[0]); // big-endian BTF: EB 9F
        var error = Assert.Throws<ElfFormatException>(() => BtfReader.Parse(blob));
        Assert.Equal((".BTF", 0L), (error.Section, error.Offset));
    }

    [Fact]
    public void Type_section_past_the_end()
    {
        var blob = new BtfBlobBuilder().Build();
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(12), 1000);
        Assert.Throws<ElfFormatException>(() => BtfReader.Parse(blob));
    }

    [Fact]
    public void Unknown_kind()
    {
        var b = new BtfBlobBuilder();
        b.Int("int", 4);
        b.Add((BtfKind)25, "future", 0);
        var error = Assert.Throws<ElfFormatException>(() => b.Parse());
        Assert.Contains("unknown BTF kind 25", error.Message);
        Assert.Equal(16, error.Offset);
    }

    [Fact]
    public void Record_cut_short()
    {
        var b = new BtfBlobBuilder();
        b.Add(BtfKind.Struct, "s", 8, vlen: 2); // promises two members, has none
        Assert.Throws<ElfFormatException>(() => b.Parse());
    }

    [Fact]
    public void Name_offset_past_the_strings()
    {
        var blob = new BtfBlobBuilder();
        blob.Int("int", 4);
        var bytes = blob.Build();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), 999);
        Assert.Contains("past the string section", Assert.Throws<ElfFormatException>(() => BtfReader.Parse(bytes)).Message);
    }

    [Fact]
    public void Type_id_out_of_range_and_void()
    {
        var b = new BtfBlobBuilder();
        var pointer = b.Pointer(77);
        var types = b.Parse();
        Assert.Throws<ElfFormatException>(() => types[0]);
        Assert.Contains("type id 77", Assert.Throws<ElfFormatException>(() => types.Underlying(((BtfPointer)types[pointer]).Target)).Message);
    }

    [Fact]
    public void Typedef_cycle()
    {
        var b = new BtfBlobBuilder();
        b.Add(BtfKind.Typedef, "a", 2);
        b.Add(BtfKind.Typedef, "b", 1);
        var types = b.Parse();
        Assert.Contains("cycle", Assert.Throws<ElfFormatException>(() => types.SizeOf(1)).Message);
    }

    [Fact]
    public void Array_cycle()
    {
        var b = new BtfBlobBuilder();
        b.Array(1, 1, 2); // an array of itself
        Assert.Contains("cycle", Assert.Throws<ElfFormatException>(() => b.Parse().SizeOf(1)).Message);
    }
}
