using System.Buffers.Binary;
using ClusterMesh.Datapath.Ebpf.Specs;

namespace ClusterMesh.Datapath.Ebpf.Elf;

/// <summary>
/// Turns one <c>R_BPF_64_64</c> relocation into a <see cref="MapRelocation"/>: a map in <c>.maps</c> (by its
/// symbol, or by offset when the relocation names the section) or a byte offset into a global-data map.
/// </summary>
internal sealed class MapReferences(ElfFile file, ElfSymbolTable symbols, IReadOnlyDictionary<string, MapSpec> maps)
{
    private const byte LoadImm64 = 0x18;

    /// <summary>Resolves the relocation of the <c>ld_imm64</c> at <paramref name="offset"/> (bytes) of a program.</summary>
    public MapRelocation Resolve(ElfSection programSection, ReadOnlySpan<byte> instructions, int offset, ElfRelocation relocation, int programStart)
    {
        var where = programSection.Name;
        var at = programStart + offset;
        if (relocation.Type != ElfRelocation.Bpf64)
        {
            throw new ElfFormatException($"relocation type {relocation.Type} is not supported (only R_BPF_64_64 on ld_imm64)", where, at);
        }

        if (offset % 8 != 0 || offset + 16 > instructions.Length || instructions[offset] != LoadImm64)
        {
            throw new ElfFormatException("relocation does not point at an ld_imm64 instruction", where, at);
        }

        var symbol = symbols[relocation.SymbolIndex];
        if (symbol.IsUndefined)
        {
            throw new ElfFormatException($"relocation refers to '{symbol.Name}', which is not defined in this object (externs are not supported)", where, at);
        }

        var target = file.Section(symbol.SectionIndex, where);
        var imm = BinaryPrimitives.ReadUInt32LittleEndian(instructions.Slice(offset + 4, 4));
        var index = offset / 8;
        if (target.Name == Btf.BtfMapDefinitions.MapsSection)
        {
            var map = symbol.Type == ElfSymbol.TypeSection ? MapAt(target, imm, where, at) : symbol.Name;
            return maps.ContainsKey(map)
                ? new MapRelocation(index, map, 0)
                : throw new ElfFormatException($"relocation refers to map '{map}', which has no definition", where, at);
        }

        if (GlobalDataMaps.IsGlobalData(target))
        {
            var symbolOffset = symbol.Type == ElfSymbol.TypeSection ? 0 : symbol.Value;
            var byteOffset = symbolOffset < target.Size ? symbolOffset + imm : ulong.MaxValue; // global data is at most 64 MiB: no wrap
            return byteOffset < target.Size && maps.ContainsKey(target.Name)
                ? new MapRelocation(index, target.Name, (uint)byteOffset)
                : throw new ElfFormatException($"relocation points {byteOffset} bytes into '{target.Name}' of {target.Size} bytes", where, at);
        }

        throw new ElfFormatException($"relocation refers to '{symbol.Name}' in section '{target.Name}': only maps and global data are supported (no bpf-to-bpf calls)", where, at);
    }

    private string MapAt(ElfSection maps, uint offset, string where, long at) =>
        symbols.Symbols.FirstOrDefault(s => s.SectionIndex == maps.Index && s.Type == ElfSymbol.TypeObject && s.Value == offset)?.Name
        ?? throw new ElfFormatException($"no map symbol at offset {offset} of {maps.Name}", where, at);
}
