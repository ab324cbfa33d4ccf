namespace ClusterMesh.Datapath.Ebpf.Elf;

/// <summary>One section header of an ELF64 object, with its bytes (empty for <c>SHT_NOBITS</c>).</summary>
internal sealed record ElfSection(
    int Index,
    string Name,
    uint Type,
    ulong Flags,
    ulong Size,
    uint Link,
    uint Info,
    ulong EntrySize,
    ReadOnlyMemory<byte> Data)
{
    public const uint ProgBits = 1;
    public const uint SymTab = 2;
    public const uint StrTab = 3;
    public const uint Rela = 4;
    public const uint NoBits = 8;
    public const uint Rel = 9;

    private const ulong FlagAlloc = 0x2;
    private const ulong FlagExecInstr = 0x4;

    /// <summary>Holds instructions (a program section, or <c>.text</c>).</summary>
    public bool IsExecutable => Type == ProgBits && (Flags & FlagExecInstr) != 0;

    /// <summary>Occupies memory at run time (global data, maps, code).</summary>
    public bool IsAllocated => (Flags & FlagAlloc) != 0;
}
