namespace ClusterMesh.Datapath.Ebpf.Tests.Support;

/// <summary>A unique pin directory under /sys/fs/bpf for one test, removed (with every pin in it) at the end.</summary>
public sealed class TempPinDirectory : IDisposable
{
    /// <summary>The directory (not created yet: the code under test creates it, mounting bpffs if needed).</summary>
    public string Path { get; } = $"/sys/fs/bpf/cm-test-{Guid.NewGuid():N}"[..36];

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
