using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Kubernetes.LocalState;
using ClusterMesh.Kubernetes.Manifests;
using ClusterMesh.Testing.Support;

namespace ClusterMesh.Kubernetes.Tests;

public sealed class ManifestDirectoryTests
{
    private static readonly string StarWars = Path.Combine(RepoPaths.Samples, "starwars");

    [Fact]
    public void Loads_both_starwars_clusters_with_their_settings()
    {
        var mesh = ManifestDirectory.LoadMesh(StarWars);

        Assert.Equal(["cluster1", "cluster2"], mesh.Select(c => c.Settings.Name.Value));
        Assert.Equal([1, 2], mesh.Select(c => c.Settings.Id.Value));
        Assert.All(mesh, c =>
        {
            Assert.Equal(2, c.Nodes.Count);
            Assert.Equal(3, c.Pods.Count);
            Assert.Single(c.Services);
            Assert.Single(c.EndpointSlices);
            Assert.Equal(RoutingMode.Tunnel, c.Settings.RoutingMode);
        });
    }

    [Fact]
    public void Builds_wire_nodes_and_endpoints_with_identity_labels()
    {
        var cluster2 = ManifestDirectory.LoadCluster(Path.Combine(StarWars, "cluster2"));
        var state = LocalStateBuilder.Build(cluster2);

        var node = Assert.Single(state.Nodes, n => n.Name == "cluster2-node2");
        Assert.Equal("cluster2", node.Cluster);
        Assert.Equal(2, node.ClusterID);
        Assert.Equal(IPAddress.Parse("192.168.2.12"), node.AddressOf(NodeAddress.InternalIP));
        Assert.Equal(IpPrefix.Parse("10.2.2.0/24"), node.IPv4AllocCIDR);

        var rebel = Assert.Single(state.Endpoints, e => e.Name == "rebel-base-2");
        Assert.Equal(IPAddress.Parse("10.2.2.20"), rebel.Address);
        Assert.Equal(IPAddress.Parse("192.168.2.12"), rebel.HostAddress);
        Assert.Equal("http", Assert.Single(rebel.NamedPorts).Name);
        Assert.Equal("cluster2", rebel.IdentityLabels.ValueOf(Label.ClusterKey));
        Assert.Equal("default", rebel.IdentityLabels.ValueOf(Label.NamespaceKey));
        Assert.Equal("rebel-base", rebel.IdentityLabels.ValueOf("name"));
        Assert.Equal("default", rebel.IdentityLabels.ValueOf(Label.ServiceAccountKey));
        Assert.Equal("default", rebel.IdentityLabels.ValueOf(IdentityLabels.NamespaceLabelPrefix + IdentityLabels.NamespaceNameLabel));

        // Both rebel-base pods share one label set, so they share an identity.
        var other = Assert.Single(state.Endpoints, e => e.Name == "rebel-base-1");
        Assert.Equal(rebel.IdentityLabels, other.IdentityLabels);
    }

    [Fact]
    public void Rollout_labels_do_not_split_identities()
    {
        using var dir = MinimalCluster();
        dir.Write("c/pods.yaml", Pod("a", "10.9.1.5", "pod-template-hash: abc") + "---\n" + Pod("b", "10.9.1.6", "pod-template-hash: def"));
        var state = LocalStateBuilder.Build(ManifestDirectory.LoadCluster(Path.Combine(dir.Path, "c")));

        Assert.Equal(state.Endpoints[0].IdentityLabels, state.Endpoints[1].IdentityLabels);
        Assert.Null(state.Endpoints[0].IdentityLabels["pod-template-hash"]);
    }

    [Theory]
    [InlineData("cluster-id: \"0\"", "field 'cluster-id' must be between 1 and 255")]
    [InlineData("cluster-id: \"256\"", "field 'cluster-id' must be between 1 and 255")]
    [InlineData("cluster-id: \"7\"\n  cluster-name: Bad_Name", "field 'cluster-name'")]
    [InlineData("cluster-id: \"7\"\n  cluster-name: default", "not allowed with a non-zero cluster ID")]
    [InlineData("cluster-id: \"7\"\n  max-connected-clusters: \"300\"", "'max-connected-clusters' must be 255 or 511")]
    [InlineData("cluster-id: \"7\"\n  routing-mode: carrier-pigeon", "'routing-mode' must be tunnel, native or hybrid")]
    public void Invalid_cluster_settings_name_the_file_and_field(string data, string expected)
    {
        using var dir = new TempDirectory();
        var extra = data.Contains("cluster-name", StringComparison.Ordinal) ? string.Empty : "\n  cluster-name: c";
        dir.Write("c/config.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n  {data}{extra}\n");

        var error = Assert.Throws<ManifestException>(() => ManifestDirectory.LoadCluster(Path.Combine(dir.Path, "c")));
        Assert.Contains("config.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_config_map_is_reported()
    {
        using var dir = new TempDirectory();
        dir.Write("c/pods.yaml", Pod("a", "10.9.1.5", "x: y"));
        var error = Assert.Throws<ManifestException>(() => ManifestDirectory.LoadCluster(Path.Combine(dir.Path, "c")));
        Assert.Contains("no ConfigMap named cilium-config", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_yaml_names_file_and_document()
    {
        using var dir = MinimalCluster();
        dir.Write("c/broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: ok\n---\nkind: [unclosed\n");
        var error = Assert.Throws<ManifestException>(() => ManifestDirectory.LoadCluster(Path.Combine(dir.Path, "c")));
        Assert.Contains("broken.yaml (document 2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Document_without_kind_is_rejected()
    {
        using var dir = MinimalCluster();
        dir.Write("c/nokind.yaml", "apiVersion: v1\nmetadata:\n  name: x\n");
        var error = Assert.Throws<ManifestException>(() => ManifestDirectory.LoadCluster(Path.Combine(dir.Path, "c")));
        Assert.Contains("no apiVersion or kind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_pod_ips_and_unknown_nodes_are_rejected()
    {
        using var dir = MinimalCluster();
        dir.Write("c/pods.yaml", Pod("a", "10.9.1.5", "x: y") + "---\n" + Pod("b", "10.9.1.5", "x: z"));
        var error = Assert.Throws<ManifestException>(() => LocalStateBuilder.Build(ManifestDirectory.LoadCluster(Path.Combine(dir.Path, "c"))));
        Assert.Contains("pod IP 10.9.1.5 is used by default/a and default/b", error.Message, StringComparison.Ordinal);

        dir.Write("c/pods.yaml", Pod("a", "10.9.1.5", "x: y").Replace("nodeName: n1", "nodeName: ghost", StringComparison.Ordinal));
        error = Assert.Throws<ManifestException>(() => LocalStateBuilder.Build(ManifestDirectory.LoadCluster(Path.Combine(dir.Path, "c"))));
        Assert.Contains("spec.nodeName 'ghost' is not a node of this cluster", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_folders_claiming_one_cluster_id_are_rejected()
    {
        using var dir = MinimalCluster();
        dir.Write("d/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n  cluster-name: d\n  cluster-id: \"9\"\n");
        var error = Assert.Throws<ManifestException>(() => ManifestDirectory.LoadMesh(dir.Path));
        Assert.Contains("cluster ID 9 is declared by", error.Message, StringComparison.Ordinal);
    }

    private static TempDirectory MinimalCluster()
    {
        var dir = new TempDirectory();
        dir.Write("c/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n  cluster-name: c\n  cluster-id: \"9\"\n");
        dir.Write("c/node.yaml", "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\nspec:\n  podCIDR: 10.9.1.0/24\nstatus:\n  addresses:\n    - type: InternalIP\n      address: 192.168.9.1\n");
        return dir;
    }

    private static string Pod(string name, string ip, string label) =>
        $"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  labels:\n    app: web\n    {label}\nspec:\n  nodeName: n1\n  containers:\n    - name: c\n      image: i\nstatus:\n  phase: Running\n  podIP: {ip}\n";
}
