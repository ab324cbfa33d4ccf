namespace ClusterMesh.Datapath.Ebpf;

/// <summary>Facts about the eBPF datapath package.</summary>
public static class EbpfDatapathInfo
{
    /// <summary>The UDP port of the VXLAN devices the datapath creates (Cilium's default).</summary>
    public const int VxlanPort = 8472;
}
