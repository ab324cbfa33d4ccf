using ClusterMesh.Testing.Support;

namespace ClusterMesh.Datapath.Ebpf.Tests.Objects;

/// <summary>The checked-in BPF objects (built by eng/build-bpf.sh) and where their sources live.</summary>
internal static class TestObjects
{
    public const string DatapathSources = "src/ClusterMesh.Datapath.Ebpf/bpf";
    public const string TestSources = "tests/ClusterMesh.Datapath.Ebpf.Tests/Objects/bpf";

    public static string[] SourceFolders => [DatapathSources, TestSources];

    /// <summary>A test object (globals.o, calls.o) from the repository.</summary>
    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(RepoPaths.Root, TestSources, "prebuilt", name));
}
