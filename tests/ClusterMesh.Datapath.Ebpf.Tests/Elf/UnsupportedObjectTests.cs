using System.Buffers.Binary;
using ClusterMesh.Datapath.Ebpf.Elf;
using ClusterMesh.Datapath.Ebpf.Tests.Objects;

namespace ClusterMesh.Datapath.Ebpf.Tests.Elf;

/// <summary>Objects the reader refuses, each with a typed error that says what and where.</summary>
public sealed class UnsupportedObjectTests
{
    private static byte[] Datapath() => DatapathObjects.ReadObject(DatapathObjects.DatapathObjectName);

    [Fact]
    public void A_non_inlined_function_is_rejected_as_a_bpf_to_bpf_call()
    {
        var error = Assert.Throws<ElfFormatException>(() => ElfCollectionReader.Read(TestObjects.Read("calls.o")));
        Assert.Contains("bpf-to-bpf", error.Message);
    }

    [Fact]
    public void Empty_input_is_too_short()
    {
        var error = Assert.Throws<ElfFormatException>(() => ElfCollectionReader.Read([]));
        Assert.Equal("ELF header", error.Section);
        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public void Wrong_magic_is_rejected()
    {
        var image = Datapath();
        image[1] = (byte)'X';
        Assert.Contains("magic", Assert.Throws<ElfFormatException>(() => ElfCollectionReader.Read(image)).Message);
    }

    [Fact]
    public void Big_endian_objects_are_rejected()
    {
        var image = Datapath();
        image[5] = 2; // ELFDATA2MSB
        Assert.Equal(4, Assert.Throws<ElfFormatException>(() => ElfCollectionReader.Read(image)).Offset);
    }

    [Fact]
    public void Other_machines_are_rejected()
    {
        var image = Datapath();
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(0x12), 62); // EM_X86_64
        Assert.Contains("BPF", Assert.Throws<ElfFormatException>(() => ElfCollectionReader.Read(image)).Message);
    }

    [Fact]
    public void A_section_table_past_the_end_names_where()
    {
        var image = Datapath();
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(0x28), (ulong)image.Length - 8);
        Assert.Equal("section header table", Assert.Throws<ElfFormatException>(() => ElfCollectionReader.Read(image)).Section);
    }

    [Fact]
    public void A_relocation_on_a_plain_instruction_is_rejected()
    {
        var image = Datapath();
        var file = ElfFile.Parse(image);
        var tc = file.Find("tc")!;
        var relocations = file.Find(".reltc")!;
        var first = BinaryPrimitives.ReadUInt64LittleEndian(relocations.Data.Span);
        var fileOffset = (int)(tc.Data.Length > 0 ? OffsetOf(image, tc) : 0) + (int)first;
        image[fileOffset] = 0xb7; // mov64 imm instead of ld_imm64
        var error = Assert.Throws<ElfFormatException>(() => ElfCollectionReader.Read(image));
        Assert.Equal("tc", error.Section);
        Assert.Equal((long)first, error.Offset);
        Assert.Contains("ld_imm64", error.Message);
    }

    [Fact]
    public void Exception_message_names_section_and_offset()
    {
        var error = new ElfFormatException("bad thing", ".BTF", 0x20);
        Assert.Equal("invalid BPF object in '.BTF' at offset 0x20: bad thing", error.Message);
        Assert.Equal("bad thing", error.Detail);
    }

    private static long OffsetOf(byte[] image, ElfSection section)
    {
        var table = (long)BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(0x28));
        return (long)BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan((int)(table + (section.Index * 64) + 24)));
    }
}
