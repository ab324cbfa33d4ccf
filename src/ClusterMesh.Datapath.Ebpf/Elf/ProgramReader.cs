using ClusterMesh.Datapath.Ebpf.Specs;

namespace ClusterMesh.Datapath.Ebpf.Elf;

/// <summary>
/// Splits the executable sections into programs: each global function symbol is one program (clang puts every
/// <c>SEC("tc")</c> function of a file into the same section), with the relocations that fall inside it.
/// </summary>
internal static class ProgramReader
{
    private const byte Call = 0x85;
    private const byte LoadImm64 = 0x18;
    private const int PseudoCall = 1;
    private const int PseudoFunction = 4;

    public static IReadOnlyDictionary<string, ProgramSpec> Read(
        ElfFile file, ElfSymbolTable symbols, MapReferences references, string license)
    {
        var relocations = ElfRelocation.ReadAll(file);
        var programs = new Dictionary<string, ProgramSpec>(StringComparer.Ordinal);
        foreach (var section in file.Sections.Where(s => s.IsExecutable && s.Size > 0))
        {
            var type = ProgramType(section);
            var functions = Functions(section, symbols);
            var pending = relocations.TryGetValue(section.Index, out var list) ? list.ToList() : [];
            foreach (var function in functions)
            {
                var start = (int)function.Value;
                var code = section.Data.Slice(start, (int)function.Size);
                CheckNoCalls(section, code.Span, start);
                var own = pending.Where(r => r.Offset >= function.Value && r.Offset < function.Value + function.Size).ToList();
                pending.RemoveAll(own.Contains);
                var mapRelocations = own
                    .Select(r => references.Resolve(section, code.Span, (int)(r.Offset - function.Value), r, start))
                    .ToArray();
                if (!programs.TryAdd(function.Name, new ProgramSpec(function.Name, section.Name, type, code, mapRelocations, license)))
                {
                    throw new ElfFormatException($"two programs are named '{function.Name}'", section.Name, start);
                }
            }

            if (pending.Count > 0)
            {
                throw new ElfFormatException("relocation outside every program", section.Name, (long)Math.Min(pending[0].Offset, long.MaxValue));
            }
        }

        return programs;
    }

    /// <summary>The license string (<c>SEC("license")</c>); empty when the object declares none.</summary>
    public static string License(ElfFile file) =>
        file.Find("license") is { } section ? ElfBytes.CString(section.Data.Span, 0, section.Name) : "";

    private static BpfProgramType ProgramType(ElfSection section) => section.Name switch
    {
        ".text" => throw new ElfFormatException("non-inlined functions (bpf-to-bpf calls) are not supported: mark helpers __always_inline", section.Name),
        "tc" or "classifier" => BpfProgramType.SchedCls,
        _ when section.Name.StartsWith("tc/", StringComparison.Ordinal)
            || section.Name.StartsWith("tcx/", StringComparison.Ordinal)
            || section.Name.StartsWith("classifier/", StringComparison.Ordinal) => BpfProgramType.SchedCls,
        _ => throw new ElfFormatException("program section type is not supported (only tc, tcx/*, classifier)", section.Name),
    };

    private static List<ElfSymbol> Functions(ElfSection section, ElfSymbolTable symbols)
    {
        var functions = symbols.Symbols
            .Where(s => s.SectionIndex == section.Index && s.Type == ElfSymbol.TypeFunc && s.Binding == ElfSymbol.BindingGlobal)
            .OrderBy(s => s.Value)
            .ToList();
        if (functions.Count == 0)
        {
            throw new ElfFormatException("executable section without a global function symbol", section.Name);
        }

        var end = 0UL;
        foreach (var function in functions)
        {
            if (function.Value % 8 != 0 || function.Size == 0 || function.Size % 8 != 0
                || function.Value < end || function.Value > section.Size || function.Size > section.Size - function.Value)
            {
                throw new ElfFormatException($"function '{function.Name}' at {function.Value} of {function.Size} bytes is not whole instructions inside the section, apart from the others", section.Name, (long)Math.Min(function.Value, long.MaxValue));
            }

            end = function.Value + function.Size;
        }

        return functions;
    }

    private static void CheckNoCalls(ElfSection section, ReadOnlySpan<byte> code, int start)
    {
        for (var at = 0; at < code.Length; at += 8)
        {
            var sourceRegister = code[at + 1] >> 4;
            if ((code[at] == Call && sourceRegister == PseudoCall) || (code[at] == LoadImm64 && sourceRegister == PseudoFunction))
            {
                throw new ElfFormatException("bpf-to-bpf call or function pointer is not supported: mark helpers __always_inline", section.Name, start + at);
            }
        }
    }
}
