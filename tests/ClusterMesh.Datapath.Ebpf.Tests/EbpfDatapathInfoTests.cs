namespace ClusterMesh.Datapath.Ebpf.Tests;

public sealed class EbpfDatapathInfoTests
{
    [Fact]
    public void Vxlan_port_is_ciliums_default() => Assert.Equal(8472, EbpfDatapathInfo.VxlanPort);
}
