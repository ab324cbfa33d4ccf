using ClusterMesh.Datapath.Ebpf.Specs;

namespace ClusterMesh.Datapath.Ebpf.Elf;

/// <summary>
/// The datapath's BPF object, compiled by <c>eng/build-bpf.sh</c>, checked in under <c>bpf/prebuilt/</c> and
/// embedded in this assembly, so neither building nor running needs clang.
/// </summary>
public static class DatapathObjects
{
    /// <summary>The file name of the datapath object (<c>from_container</c>, <c>from_overlay</c>, <c>from_netdev</c>).</summary>
    public const string DatapathObjectName = "cm_datapath.o";

    /// <summary>The program for tc ingress of a pod's host-side veth (packets leaving the pod).</summary>
    public const string FromContainer = "from_container";

    /// <summary>The program for tc ingress of the VXLAN device in external mode.</summary>
    public const string FromOverlay = "from_overlay";

    /// <summary>The program for tc ingress of the node's underlay device (direct routing).</summary>
    public const string FromNetdev = "from_netdev";

    private const string ResourcePrefix = "ClusterMesh.Datapath.Ebpf.bpf.";

    /// <summary>The raw bytes of an embedded object, e.g. <see cref="DatapathObjectName"/>.</summary>
    /// <exception cref="FileNotFoundException">No object of that name is embedded.</exception>
    public static byte[] ReadObject(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var stream = typeof(DatapathObjects).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new FileNotFoundException($"BPF object '{name}' is not embedded in {typeof(DatapathObjects).Assembly.GetName().Name}", name);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The specs of the datapath object: its six maps and three programs.</summary>
    public static CollectionSpec LoadDatapath() => ElfCollectionReader.Read(ReadObject(DatapathObjectName));

    /// <summary>The names of every embedded object.</summary>
    public static IReadOnlyList<string> ObjectNames() =>
        [.. typeof(DatapathObjects).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..])
            .Order(StringComparer.Ordinal)];
}
