using ClusterMesh.Datapath.Ebpf.Specs;

namespace ClusterMesh.Datapath.Ebpf.Elf;

/// <summary>
/// Global variables: each <c>.rodata*</c>, <c>.data*</c> and <c>.bss*</c> section becomes a one-entry array map
/// named after the section whose value is the whole section (zeros for <c>.bss</c>), as libbpf does.
/// </summary>
internal static class GlobalDataMaps
{
    /// <summary>BPF_F_RDONLY_PROG: programs may only read <c>.rodata</c>.</summary>
    public const uint ReadOnlyProgramFlag = 0x80;

    /// <summary>Larger than any array value the kernel accepts (KMALLOC_MAX_SIZE); also caps what a corrupt header can allocate.</summary>
    private const ulong MaxSize = 64 << 20;

    private static readonly string[] Prefixes = [".rodata", ".data", ".bss"];

    public static bool IsGlobalData(ElfSection section) =>
        section.IsAllocated && !section.IsExecutable
        && Prefixes.Any(p => section.Name == p || section.Name.StartsWith(p + ".", StringComparison.Ordinal));

    public static IEnumerable<MapSpec> Read(ElfFile file)
    {
        foreach (var section in file.Sections.Where(IsGlobalData))
        {
            if (section.Size == 0)
            {
                continue; // nothing can refer into an empty section
            }

            if (section.Size > MaxSize)
            {
                throw new ElfFormatException($"global data section of {section.Size} bytes is too large", section.Name);
            }

            var value = section.Type == ElfSection.NoBits ? new byte[section.Size] : section.Data.ToArray();
            var flags = section.Name.StartsWith(".rodata", StringComparison.Ordinal) ? ReadOnlyProgramFlag : 0;
            yield return new MapSpec(section.Name, BpfMapType.Array, KeySize: 4, (uint)section.Size, MaxEntries: 1, flags, MapPinning.None)
            {
                InitialValue = value,
            };
        }
    }
}
