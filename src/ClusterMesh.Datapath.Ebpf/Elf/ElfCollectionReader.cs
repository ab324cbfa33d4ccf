using ClusterMesh.Datapath.Ebpf.Btf;
using ClusterMesh.Datapath.Ebpf.Specs;

namespace ClusterMesh.Datapath.Ebpf.Elf;

/// <summary>
/// Reads a BPF object file (little-endian ELF64 from <c>clang -target bpf</c>) into plain specs without touching the
/// kernel: BTF-defined maps from <c>.maps</c>, global data (<c>.rodata</c>/<c>.data</c>/<c>.bss</c>) as array maps,
/// and one <see cref="ProgramSpec"/> per program function with its map relocations.
/// </summary>
public static class ElfCollectionReader
{
    /// <summary>Parses an object file.</summary>
    /// <param name="elf">The whole object file.</param>
    /// <returns>The maps and programs the object declares.</returns>
    /// <exception cref="ElfFormatException">The object is malformed or uses a feature the loader does not support.</exception>
    public static CollectionSpec Read(ReadOnlySpan<byte> elf)
    {
        ReadOnlyMemory<byte> image = elf.ToArray();
        var file = ElfFile.Parse(image);
        var symbols = ElfSymbolTable.Parse(file);
        var maps = new Dictionary<string, MapSpec>(StringComparer.Ordinal);
        foreach (var map in BtfMaps(file, symbols).Concat(GlobalDataMaps.Read(file)))
        {
            if (!maps.TryAdd(map.Name, map))
            {
                throw new ElfFormatException($"two maps are named '{map.Name}'", BtfMapDefinitions.MapsSection);
            }
        }

        var programs = ProgramReader.Read(file, symbols, new MapReferences(file, symbols, maps), ProgramReader.License(file));
        return new CollectionSpec(maps, programs);
    }

    /// <summary>
    /// The maps of <c>.maps</c>, defined in BTF and matched by name with the symbol table: clang writes zeros into
    /// <c>.maps</c> and zero offsets into the BTF data section, so the symbols are the only reliable placement.
    /// </summary>
    private static IReadOnlyList<MapSpec> BtfMaps(ElfFile file, ElfSymbolTable symbols)
    {
        if (file.Find(BtfMapDefinitions.MapsSection) is not { } section)
        {
            return [];
        }

        var declared = symbols.Symbols.Where(s => s.SectionIndex == section.Index && s.Type == ElfSymbol.TypeObject).ToList();
        if (file.Find(BtfReader.Section) is not { } btf)
        {
            return declared.Count == 0
                ? []
                : throw new ElfFormatException("maps are declared but the object has no .BTF to define them (compile with -g)", section.Name);
        }

        var maps = BtfMapDefinitions.Read(BtfReader.Parse(btf.Data.Span));
        foreach (var map in maps)
        {
            if (symbols.ObjectIn(section.Index, map.Name) is null)
            {
                throw new ElfFormatException($"BTF defines map '{map.Name}' but the symbol table has no such object in it", section.Name);
            }
        }

        var missing = declared.FirstOrDefault(s => maps.All(m => m.Name != s.Name));
        return missing is null
            ? maps
            : throw new ElfFormatException($"map '{missing.Name}' has no BTF definition", section.Name, (long)Math.Min(missing.Value, long.MaxValue));
    }
}
