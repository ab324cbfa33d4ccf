namespace ClusterMesh.Datapath.Ebpf.Elf;

/// <summary>
/// The section headers of a little-endian ELF64 relocatable object for the BPF machine (what
/// <c>clang -target bpf -c</c> writes). Only the section table is read here; symbols and relocations on top.
/// </summary>
internal sealed class ElfFile
{
    private const string Header = "ELF header";
    private const int HeaderSize = 64;
    private const int SectionHeaderSize = 64;
    private const ushort RelocatableType = 1;
    private const ushort BpfMachine = 247;

    private ElfFile(IReadOnlyList<ElfSection> sections) => Sections = sections;

    public IReadOnlyList<ElfSection> Sections { get; }

    public static ElfFile Parse(ReadOnlyMemory<byte> image)
    {
        var data = image.Span;
        CheckIdentification(data);
        var shoff = ElfBytes.U64(data, 0x28, Header);
        var shentsize = ElfBytes.U16(data, 0x3A, Header);
        var shnum = ElfBytes.U16(data, 0x3C, Header);
        var shstrndx = ElfBytes.U16(data, 0x3E, Header);
        if (shentsize != SectionHeaderSize)
        {
            throw new ElfFormatException($"section header size {shentsize}, expected {SectionHeaderSize}", Header, 0x3A);
        }

        if (shnum == 0 || shstrndx >= shnum)
        {
            throw new ElfFormatException($"{shnum} sections with names in section {shstrndx} (extended numbering is not supported)", Header, 0x3C);
        }

        var table = ElfBytes.Slice(image, shoff, (ulong)shnum * SectionHeaderSize, "section header table");
        var names = ReadHeader(image, table.Span, shstrndx, "");
        if (names.Type != ElfSection.StrTab)
        {
            throw new ElfFormatException($"section name table (section {shstrndx}) is not a string table", Header, 0x3E);
        }

        var sections = new ElfSection[shnum];
        for (var i = 0; i < shnum; i++)
        {
            var nameOffset = ElfBytes.U32(table.Span, (long)i * SectionHeaderSize, "section header table");
            var name = ElfBytes.CString(names.Data.Span, nameOffset, $"section name table (name of section {i})");
            sections[i] = ReadHeader(image, table.Span, i, name);
        }

        return new ElfFile(sections);
    }

    /// <summary>The section at <paramref name="index"/>; a format error naming <paramref name="referrer"/> when there is none.</summary>
    public ElfSection Section(long index, string referrer) =>
        index >= 0 && index < Sections.Count
            ? Sections[(int)index]
            : throw new ElfFormatException($"refers to section {index}, but there are {Sections.Count}", referrer);

    public ElfSection? Find(string name) => Sections.FirstOrDefault(s => s.Name == name);

    private static void CheckIdentification(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderSize)
        {
            throw new ElfFormatException($"{data.Length} bytes is shorter than an ELF64 header", Header, 0);
        }

        if (data[0] != 0x7F || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
        {
            throw new ElfFormatException("no ELF magic", Header, 0);
        }

        if (data[4] != 2 || data[5] != 1)
        {
            throw new ElfFormatException($"class {data[4]} / data encoding {data[5]}: only little-endian ELF64 is supported", Header, 4);
        }

        var type = ElfBytes.U16(data, 0x10, Header);
        var machine = ElfBytes.U16(data, 0x12, Header);
        if (type != RelocatableType || machine != BpfMachine)
        {
            throw new ElfFormatException($"type {type} machine {machine}: expected a relocatable (1) BPF (247) object", Header, 0x10);
        }
    }

    private static ElfSection ReadHeader(ReadOnlyMemory<byte> image, ReadOnlySpan<byte> table, int index, string name)
    {
        var at = (long)index * SectionHeaderSize;
        var where = name.Length > 0 ? name : $"section {index}";
        var type = ElfBytes.U32(table, at + 4, "section header table");
        var offset = ElfBytes.U64(table, at + 24, "section header table");
        var size = ElfBytes.U64(table, at + 32, "section header table");
        var data = type == ElfSection.NoBits || index == 0 ? ReadOnlyMemory<byte>.Empty : ElfBytes.Slice(image, offset, size, where);
        return new ElfSection(
            index,
            name,
            type,
            Flags: ElfBytes.U64(table, at + 8, "section header table"),
            Size: size,
            Link: ElfBytes.U32(table, at + 40, "section header table"),
            Info: ElfBytes.U32(table, at + 44, "section header table"),
            EntrySize: ElfBytes.U64(table, at + 56, "section header table"),
            Data: data);
    }
}
