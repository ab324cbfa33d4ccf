using ClusterMesh.Datapath.Ebpf.Native;
using ClusterMesh.Datapath.Ebpf.Tests.Support;

namespace ClusterMesh.Datapath.Ebpf.Tests.Native;

public sealed class BpfFileSystemTests
{
    [Fact]
    public void A_directory_on_another_file_system_is_not_on_bpffs() => Assert.False(BpfFileSystem.IsOnBpfFs("/tmp"));

    [Fact]
    public void A_pin_directory_outside_bpffs_and_outside_the_pin_root_is_refused_without_mounting_anything()
    {
        var exception = Assert.Throws<BpfException>(() => BpfFileSystem.EnsurePinDirectory("/tmp/cm-not-bpffs/node-1", new ListLogger()));

        Assert.Contains("is not on a bpffs", exception.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists("/tmp/cm-not-bpffs"));
    }
}
