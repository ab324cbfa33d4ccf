using System.Text.Json.Nodes;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Services.Export;
using ClusterMesh.Services.Model;
using ClusterMesh.Services.Tests.Support;
using k8s.Models;

namespace ClusterMesh.Services.Tests.Export;

public sealed class ServiceExporterTests
{
    private static readonly Dictionary<string, string> GlobalAnnotation = new() { [ServiceAnnotations.Global] = "true" };

    [Fact]
    public void Exports_the_web_service_with_zones_and_hostnames_as_the_vector()
    {
        var vector = Vectors.Kvstore("service-with-zones.json");
        var service = Build.Service("web", clusterIp: "10.96.12.7", annotations: GlobalAnnotation,
            ports: [new V1ServicePort { Name = "http", Port = 80, Protocol = "TCP" }, new V1ServicePort { Name = "https", Port = 443, Protocol = "TCP" }]);
        var endpoint = Build.Endpoint("10.1.2.3");
        endpoint.Hostname = "web-0";
        endpoint.Zone = "eu-west-1a";
        endpoint.Hints = new V1EndpointHints { ForZones = [new V1ForZone { Name = "eu-west-1a" }] };
        var slice = Build.Slice("web", endpoints: endpoint);
        slice.Ports = [new Discoveryv1EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }, new Discoveryv1EndpointPort { Name = "https", Port = 8443, Protocol = "TCP" }];

        var exported = new ServiceExporter(new ServiceExportOptions { ClusterName = "cluster1", ClusterId = 1 }).Export(service, [slice]);

        AssertWire(vector, exported, "cluster1", 1);
    }

    [Fact]
    public void Exports_the_clustermesh_apiserver_vector()
    {
        var vector = Vectors.Kvstore("service.json");
        var service = Build.Service("echo-service", ns: "ns-alpha", annotations: GlobalAnnotation);
        service.Metadata.Labels = new Dictionary<string, string>();
        service.Spec.Selector = new Dictionary<string, string> { ["app"] = "echo" };
        var slice = Build.Slice("echo-service", ns: "ns-alpha", endpoints: Build.Endpoint("10.244.1.10"));

        var exported = new ServiceExporter(new ServiceExportOptions { ClusterName = "cluster3", ClusterId = 3 }).Export(service, [slice]);

        AssertWire(vector, exported, "cluster3", 3);
    }

    [Fact]
    public void Exports_only_ready_or_serving_endpoints_and_keeps_the_rest_as_quarantined()
    {
        var slice = Build.Slice("web", endpoints:
        [
            Build.Endpoint("10.0.0.1", ready: true),
            Build.Endpoint("10.0.0.2", ready: false, serving: true, terminating: true),
            Build.Endpoint("10.0.0.3", ready: false, serving: false),
            Build.Endpoint("10.0.0.4", ready: null),
        ]);
        var exporter = new ServiceExporter(new ServiceExportOptions { ClusterName = "c1", ClusterId = 1 });

        var local = exporter.Read(Build.Service("web", annotations: GlobalAnnotation), [slice]);
        var exported = exporter.Export(local)!;

        Assert.Equal(
            ["10.0.0.1:Active", "10.0.0.2:Terminating", "10.0.0.3:Quarantined", "10.0.0.4:Active"],
            local.Backends.Select(b => $"{b.Address}:{b.State}"));
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.4"], exported.Backends!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(8080, exported.Backends["10.0.0.1"]["http"].Port);
    }

    [Fact]
    public void A_headless_service_has_no_frontends_but_exports_its_backends()
    {
        var exported = new ServiceExporter(new ServiceExportOptions { ClusterName = "c1", ClusterId = 1 })
            .Export(Build.Service("db", clusterIp: "None", annotations: GlobalAnnotation), [Build.Slice("db", endpoints: Build.Endpoint("10.0.0.9"))])!;

        Assert.Empty(exported.Frontends!);
        Assert.Equal(["10.0.0.9"], exported.Backends!.Keys);
    }

    [Fact]
    public void Slices_of_other_services_and_namespaces_are_ignored()
    {
        var local = new ServiceExporter(new ServiceExportOptions { ClusterName = "c1", ClusterId = 1 }).Read(
            Build.Service("web", annotations: GlobalAnnotation),
            [Build.Slice("web", endpoints: Build.Endpoint("10.0.0.1")), Build.Slice("api", endpoints: Build.Endpoint("10.0.0.2")), Build.Slice("web", ns: "other", endpoints: Build.Endpoint("10.0.0.3"))]);

        Assert.Equal(["10.0.0.1"], local.Backends.Select(b => b.Address));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("false", null, false)]
    [InlineData("true", null, true)]
    [InlineData("TRUE", null, true)]
    [InlineData("true", "false", false)]
    [InlineData("true", "true", true)]
    public void Exports_only_global_shared_services(string? global, string? shared, bool exported)
    {
        var annotations = new Dictionary<string, string>();
        if (global is not null) { annotations[ServiceAnnotations.Global] = global; }
        if (shared is not null) { annotations[ServiceAnnotations.Shared] = shared; }

        var result = new ServiceExporter(new ServiceExportOptions { ClusterName = "c1", ClusterId = 1 })
            .Export(Build.Service("web", annotations: annotations), [Build.Slice("web", endpoints: Build.Endpoint("10.0.0.1"))]);

        Assert.Equal(exported, result is not null);
    }

    [Fact]
    public void A_namespace_annotation_overrides_the_configured_default()
    {
        var service = Build.Service("web", annotations: GlobalAnnotation);
        var annotated = new V1Namespace { Metadata = new V1ObjectMeta { Name = "default", Annotations = new Dictionary<string, string> { [ServiceAnnotations.GlobalNamespace] = "true" } } };
        var plain = new V1Namespace { Metadata = new V1ObjectMeta { Name = "default" } };
        var optIn = new ServiceExporter(new ServiceExportOptions { ClusterName = "c1", ClusterId = 1, NamespacesGlobalByDefault = false });

        Assert.False(optIn.Read(service, [], plain).Global);
        Assert.False(optIn.Read(service, []).Global);
        Assert.True(optIn.Read(service, [], annotated).Global);
        Assert.True(new ServiceExporter(new ServiceExportOptions { ClusterName = "c1", ClusterId = 1 }).Read(service, [], plain).Global);
    }

    private static void AssertWire(JsonNode vector, Abstractions.Model.ClusterService? exported, string cluster, int id)
    {
        Assert.NotNull(exported);
        var codecs = WireCodecs.For(WireValidationContext.Create(cluster, id));
        Assert.Equal(vector["key"]!.GetValue<string>(), codecs.Services.KeyOf(exported));
        var actual = JsonNode.Parse(codecs.Services.Encode(exported));
        Assert.True(JsonNode.DeepEquals(vector["value"], actual), $"expected {vector["value"]!.ToJsonString()}\nactual   {actual!.ToJsonString()}");
    }
}
