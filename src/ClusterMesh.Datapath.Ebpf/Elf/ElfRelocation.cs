namespace ClusterMesh.Datapath.Ebpf.Elf;

/// <summary>One <c>SHT_REL</c> entry: patch the instruction at <paramref name="Offset"/> of the target section.</summary>
internal sealed record ElfRelocation(ulong Offset, uint SymbolIndex, uint Type)
{
    /// <summary>R_BPF_64_64: a 64-bit immediate (<c>ld_imm64</c>) loading a map or global data.</summary>
    public const uint Bpf64 = 1;

    private const int EntrySize = 16;

    /// <summary>The relocation sections of the object, by the index of the section they patch.</summary>
    public static IReadOnlyDictionary<int, IReadOnlyList<ElfRelocation>> ReadAll(ElfFile file)
    {
        var all = new Dictionary<int, IReadOnlyList<ElfRelocation>>();
        foreach (var section in file.Sections)
        {
            if (section.Type == ElfSection.Rela)
            {
                throw new ElfFormatException("RELA relocations are not used by BPF objects and are not supported", section.Name);
            }

            if (section.Type != ElfSection.Rel)
            {
                continue;
            }

            var target = file.Section(section.Info, section.Name);
            if (!target.IsExecutable)
            {
                continue; // debug info relocations: nothing the loader applies
            }

            if (all.ContainsKey(target.Index))
            {
                throw new ElfFormatException($"a second relocation section for '{target.Name}'", section.Name);
            }

            all[target.Index] = Read(section);
        }

        return all;
    }

    private static ElfRelocation[] Read(ElfSection section)
    {
        var data = section.Data.Span;
        if (data.Length % EntrySize != 0)
        {
            throw new ElfFormatException($"size {data.Length} is not a multiple of {EntrySize}", section.Name);
        }

        var entries = new ElfRelocation[data.Length / EntrySize];
        for (var i = 0; i < entries.Length; i++)
        {
            var at = (long)i * EntrySize;
            var info = ElfBytes.U64(data, at + 8, section.Name);
            entries[i] = new ElfRelocation(ElfBytes.U64(data, at, section.Name), (uint)(info >> 32), (uint)info);
        }

        return entries;
    }
}
