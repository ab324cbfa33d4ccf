using System.Buffers.Binary;
using ClusterMesh.Datapath.Ebpf.Specs;

namespace ClusterMesh.Datapath.Ebpf.Tests.Support;

/// <summary>A few hand-assembled eBPF instructions (8 bytes each) for tests that load programs without clang.</summary>
public static class Asm
{
    public const byte R0 = 0, R1 = 1, R2 = 2, R10 = 10;

    /// <summary>BPF_FUNC_map_lookup_elem.</summary>
    public const int MapLookupElem = 1;

    public static byte[] Insn(byte code, byte dst, byte src, short offset, int imm)
    {
        var bytes = new byte[8];
        bytes[0] = code;
        bytes[1] = (byte)((src << 4) | dst);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2), offset);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), imm);
        return bytes;
    }

    /// <summary>dst = imm (64-bit).</summary>
    public static byte[] MovImm(byte dst, int imm) => Insn(0xb7, dst, 0, 0, imm);

    /// <summary>dst = src (64-bit).</summary>
    public static byte[] MovReg(byte dst, byte src) => Insn(0xbf, dst, src, 0, 0);

    /// <summary>dst += imm (64-bit).</summary>
    public static byte[] AddImm(byte dst, int imm) => Insn(0x07, dst, 0, 0, imm);

    /// <summary>*(u32 *)(dst + offset) = src.</summary>
    public static byte[] StoreWord(byte dst, short offset, byte src) => Insn(0x63, dst, src, offset, 0);

    /// <summary>*(u64 *)(dst + offset) = src.</summary>
    public static byte[] StoreDouble(byte dst, short offset, byte src) => Insn(0x7b, dst, src, offset, 0);

    /// <summary>dst = 64-bit immediate, to be relocated to a map (two slots).</summary>
    public static byte[] LoadMap(byte dst) => [.. Insn(0x18, dst, 0, 0, 0), .. Insn(0, 0, 0, 0, 0)];

    /// <summary>Calls a helper.</summary>
    public static byte[] Call(int helper) => Insn(0x85, 0, 0, 0, helper);

    /// <summary>if dst == imm goto +offset.</summary>
    public static byte[] JumpIfEqual(byte dst, int imm, short offset) => Insn(0x15, dst, 0, offset, imm);

    public static byte[] Exit() => Insn(0x95, 0, 0, 0, 0);

    /// <summary>A sched_cls program from instruction chunks.</summary>
    public static ProgramSpec Program(string name, IReadOnlyList<MapRelocation> relocations, params byte[][] instructions) =>
        new(name, "tc", BpfProgramType.SchedCls, instructions.SelectMany(i => i).ToArray(), relocations, "GPL");
}
