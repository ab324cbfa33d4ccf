namespace ClusterMesh.Datapath.Ebpf.Specs;

/// <summary>The kernel's program types this package uses (values of <c>enum bpf_prog_type</c>).</summary>
public enum BpfProgramType : uint
{
    /// <summary>BPF_PROG_TYPE_SCHED_CLS (tc and tcx).</summary>
    SchedCls = 3,
}

/// <summary>A reference from an instruction to a map, patched with the map's fd at load time.</summary>
/// <param name="InstructionIndex">Index of the 16-byte <c>ld_imm64</c> (in 8-byte instruction slots).</param>
/// <param name="MapName">The map the instruction loads.</param>
/// <param name="Offset">Byte offset into the map's value, for global data (<c>.rodata</c>/<c>.data</c>/<c>.bss</c>); 0 for map pointers.</param>
public sealed record MapRelocation(int InstructionIndex, string MapName, uint Offset);

/// <summary>A program as an object file holds it; a plain description with no kernel handle.</summary>
/// <param name="Name">The function name.</param>
/// <param name="SectionName">The ELF section it came from (for example <c>tc</c> or <c>tcx/ingress</c>).</param>
/// <param name="Type">The program type.</param>
/// <param name="Instructions">The raw instructions (8 bytes each), relocations not yet applied.</param>
/// <param name="Relocations">Map references to patch.</param>
/// <param name="License">The object's license string.</param>
public sealed record ProgramSpec(
    string Name,
    string SectionName,
    BpfProgramType Type,
    ReadOnlyMemory<byte> Instructions,
    IReadOnlyList<MapRelocation> Relocations,
    string License);

/// <summary>Everything one object file declares: its maps and programs by name.</summary>
/// <param name="Maps">Maps by name.</param>
/// <param name="Programs">Programs by name.</param>
public sealed record CollectionSpec(
    IReadOnlyDictionary<string, MapSpec> Maps,
    IReadOnlyDictionary<string, ProgramSpec> Programs);
