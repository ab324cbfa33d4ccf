namespace ClusterMesh.Datapath.Ebpf.Elf;

/// <summary>
/// A BPF object file is malformed or uses something the managed loader does not support; says what and where.
/// </summary>
public sealed class ElfFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="detail">What was wrong.</param>
    /// <param name="section">The ELF section (or <c>ELF header</c>) where it was found, when known.</param>
    /// <param name="offset">The byte offset (in the file, or in the section when <paramref name="section"/> is set), when known.</param>
    public ElfFormatException(string detail, string? section = null, long? offset = null)
        : base(Describe(detail, section, offset))
    {
        Detail = detail;
        Section = section;
        Offset = offset;
    }

    /// <summary>What was wrong.</summary>
    public string Detail { get; }

    /// <summary>The section where it was found, when known.</summary>
    public string? Section { get; }

    /// <summary>The byte offset where it was found, when known.</summary>
    public long? Offset { get; }

    private static string Describe(string detail, string? section, long? offset) =>
        (section, offset) switch
        {
            (null, null) => $"invalid BPF object: {detail}",
            (null, { } at) => $"invalid BPF object at offset 0x{at:x}: {detail}",
            ({ } name, null) => $"invalid BPF object in '{name}': {detail}",
            ({ } name, { } at) => $"invalid BPF object in '{name}' at offset 0x{at:x}: {detail}",
        };
}
