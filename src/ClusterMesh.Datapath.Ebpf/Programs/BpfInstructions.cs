using System.Buffers.Binary;
using ClusterMesh.Datapath.Ebpf.Specs;

namespace ClusterMesh.Datapath.Ebpf.Programs;

/// <summary>Applies a program's map relocations to a copy of its instructions.</summary>
internal static class BpfInstructions
{
    public const int Size = 8;

    /// <summary>BPF_LD | BPF_IMM | BPF_DW: the first half of a 16-byte 64-bit immediate load.</summary>
    public const byte LoadImm64 = 0x18;

    /// <summary>BPF_PSEUDO_MAP_FD: the immediate is a map fd, the register gets the map pointer.</summary>
    public const byte PseudoMapFd = 1;

    /// <summary>BPF_PSEUDO_MAP_VALUE: the immediate is a map fd, the next one an offset into its value.</summary>
    public const byte PseudoMapValue = 2;

    /// <summary>Global-data maps (<c>.rodata</c>, <c>.data</c>, <c>.bss</c>) are referenced by value address.</summary>
    public static bool IsGlobalData(MapSpec spec) => spec.Name.StartsWith('.');

    /// <summary>The instructions of <paramref name="program"/> with every map reference pointing at a live map.</summary>
    public static byte[] Relocate(ProgramSpec program, Func<string, (MapSpec Spec, int Fd)> resolveMap)
    {
        if (program.Instructions.Length % Size != 0)
        {
            throw new ArgumentException($"program {program.Name}: {program.Instructions.Length} bytes is not a whole number of instructions", nameof(program));
        }

        var code = program.Instructions.ToArray();
        foreach (var relocation in program.Relocations)
        {
            var at = relocation.InstructionIndex * Size;
            if (relocation.InstructionIndex < 0 || at + (2 * Size) > code.Length || code[at] != LoadImm64)
            {
                throw new BpfException(
                    $"program {program.Name}: relocation of map {relocation.MapName} at instruction {relocation.InstructionIndex} does not point at a 64-bit immediate load");
            }

            var (spec, fd) = resolveMap(relocation.MapName);
            var byValue = IsGlobalData(spec) || relocation.Offset != 0;
            code[at + 1] = (byte)((code[at + 1] & 0x0F) | ((byValue ? PseudoMapValue : PseudoMapFd) << 4));
            BinaryPrimitives.WriteInt32LittleEndian(code.AsSpan(at + 4), fd);
            BinaryPrimitives.WriteUInt32LittleEndian(code.AsSpan(at + Size + 4), byValue ? relocation.Offset : 0);
        }

        return code;
    }
}
