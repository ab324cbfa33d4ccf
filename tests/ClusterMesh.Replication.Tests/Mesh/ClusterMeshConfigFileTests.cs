using ClusterMesh.Replication.Mesh;

namespace ClusterMesh.Replication.Tests.Mesh;

public sealed class ClusterMeshConfigFileTests
{
    [Fact]
    public void Parses_the_file_Cilium_generates()
    {
        // shared/reference/cilium-kvstore/remote-etcd-config.json
        const string yaml = "endpoints:\n- https://cluster2.mesh.cilium.io:2379\ntrusted-ca-file: /var/lib/cilium/clustermesh/common-etcd-client-ca.crt\nkey-file: /var/lib/cilium/clustermesh/common-etcd-client.key\ncert-file: /var/lib/cilium/clustermesh/common-etcd-client.crt\n";
        var config = ClusterMeshConfigFile.Parse("cluster2", yaml, "/var/lib/cilium/clustermesh/cluster2");

        Assert.NotNull(config);
        Assert.Equal("cluster2", config.ClusterName);
        Assert.Equal(["https://cluster2.mesh.cilium.io:2379"], config.Endpoints);
        Assert.Equal("/var/lib/cilium/clustermesh/common-etcd-client-ca.crt", config.TrustedCaFile);
        Assert.Equal("/var/lib/cilium/clustermesh/common-etcd-client.key", config.KeyFile);
        Assert.Equal("/var/lib/cilium/clustermesh/common-etcd-client.crt", config.CertFile);
        Assert.Null(config.Username);
        Assert.Equal("/var/lib/cilium/clustermesh/cluster2", config.SourcePath);
    }

    [Fact]
    public void Reads_several_endpoints_and_credentials()
    {
        var config = ClusterMeshConfigFile.Parse("c3", "endpoints:\n  - \"https://a:2379\"\n  - https://b:2379\nusername: reader\npassword: 's3cret'\n");
        Assert.Equal(["https://a:2379", "https://b:2379"], config!.Endpoints);
        Assert.Equal("reader", config.Username);
        Assert.Equal("s3cret", config.Password);
        Assert.Null(config.TrustedCaFile);
    }

    [Theory]
    [InlineData("")]
    [InlineData("trusted-ca-file: /ca.crt\n")]
    [InlineData("# endpoints are configured elsewhere\nfoo: bar\n")]
    public void A_file_without_endpoints_is_not_a_cluster_configuration(string yaml) =>
        Assert.Null(ClusterMeshConfigFile.Parse("c2", yaml));

    [Theory]
    [InlineData("endpoints: [unclosed\n")]
    [InlineData("endpoints: []\n")]
    [InlineData("endpoints:\n- {a: b}\n")]
    public void A_broken_configuration_is_refused(string yaml) =>
        Assert.Throws<FormatException>(() => ClusterMeshConfigFile.Parse("c2", yaml));
}
