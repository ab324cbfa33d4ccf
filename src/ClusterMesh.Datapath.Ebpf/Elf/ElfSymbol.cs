namespace ClusterMesh.Datapath.Ebpf.Elf;

/// <summary>One entry of the symbol table.</summary>
internal sealed record ElfSymbol(int Index, string Name, byte Type, byte Binding, int SectionIndex, ulong Value, ulong Size)
{
    public const byte TypeObject = 1;
    public const byte TypeFunc = 2;
    public const byte TypeSection = 3;
    public const byte BindingGlobal = 1;

    /// <summary>Not defined in this object (an extern: kconfig, ksym, or a function of another object).</summary>
    public bool IsUndefined => SectionIndex == 0;
}

/// <summary>The object's symbol table (<c>.symtab</c> with the string table it links to).</summary>
internal sealed class ElfSymbolTable
{
    private const int EntrySize = 24;
    private const int ReservedIndexes = 0xff00; // SHN_LORESERVE: absolute, common and extended indexes

    private ElfSymbolTable(IReadOnlyList<ElfSymbol> symbols) => Symbols = symbols;

    public IReadOnlyList<ElfSymbol> Symbols { get; }

    public static ElfSymbolTable Parse(ElfFile file)
    {
        var table = file.Sections.FirstOrDefault(s => s.Type == ElfSection.SymTab)
            ?? throw new ElfFormatException("no symbol table (.symtab): programs and maps cannot be named");
        if (table.Data.Length % EntrySize != 0)
        {
            throw new ElfFormatException($"size {table.Data.Length} is not a multiple of {EntrySize}", table.Name);
        }

        var strings = file.Section(table.Link, table.Name);
        if (strings.Type != ElfSection.StrTab)
        {
            throw new ElfFormatException($"links to section {strings.Index} '{strings.Name}', which is not a string table", table.Name);
        }

        var data = table.Data.Span;
        var symbols = new ElfSymbol[data.Length / EntrySize];
        for (var i = 0; i < symbols.Length; i++)
        {
            var at = (long)i * EntrySize;
            var name = ElfBytes.CString(strings.Data.Span, ElfBytes.U32(data, at, table.Name), $"{strings.Name} (name of symbol {i})");
            var info = ElfBytes.U8(data, at + 4, table.Name);
            var section = ElfBytes.U16(data, at + 6, table.Name);
            if (section >= ReservedIndexes)
            {
                section = 0; // absolute or common symbols carry nothing the loader uses
            }
            else if (section >= file.Sections.Count)
            {
                throw new ElfFormatException($"symbol {i} '{name}' refers to section {section}, but there are {file.Sections.Count}", table.Name, at + 6);
            }

            symbols[i] = new ElfSymbol(i, name, (byte)(info & 0xf), (byte)(info >> 4), section,
                ElfBytes.U64(data, at + 8, table.Name), ElfBytes.U64(data, at + 16, table.Name));
        }

        return new ElfSymbolTable(symbols);
    }

    public ElfSymbol this[long index] =>
        index >= 0 && index < Symbols.Count
            ? Symbols[(int)index]
            : throw new ElfFormatException($"symbol index {index} is out of range ({Symbols.Count} symbols)", ".symtab");

    /// <summary>The named data object in a section (a map in <c>.maps</c>, a variable in <c>.data</c>).</summary>
    public ElfSymbol? ObjectIn(int sectionIndex, string name) =>
        Symbols.FirstOrDefault(s => s.SectionIndex == sectionIndex && s.Type == ElfSymbol.TypeObject && s.Name == name);
}
