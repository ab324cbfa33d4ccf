using System.Text;
using System.Text.Json.Nodes;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Services.Mcs;
using ClusterMesh.Services.Tests.Support;
using k8s.Models;

namespace ClusterMesh.Services.Tests.Mcs;

public sealed class ServiceExportBuilderTests
{
    [Fact]
    public void Builds_the_serviceexport_vector()
    {
        var vector = Vectors.Kvstore("serviceexport.json");
        var service = Build.Service("basic", ports: new V1ServicePort { Name = "my-port-1", Port = 80, Protocol = "TCP" });
        service.Spec.SessionAffinity = "ClientIP";
        service.Spec.SessionAffinityConfig = new V1SessionAffinityConfig { ClientIP = new V1ClientIPConfig { TimeoutSeconds = 42 } };
        var export = new McsServiceExport
        {
            Namespace = "default",
            Name = "basic",
            CreationTimestamp = new DateTimeOffset(2026, 1, 1, 1, 0, 0, 250, TimeSpan.FromHours(1)),
            ExportedAnnotations = new Dictionary<string, string> { ["my-annotation"] = "foo" },
            ExportedLabels = new Dictionary<string, string> { ["my-label"] = "test" },
        };

        var wire = new ServiceExportBuilder("cluster1").Build(export, service);

        var codec = WireCodecs.For(WireValidationContext.Create("cluster1", 1)).ServiceExports;
        Assert.Equal(vector["key"]!.GetValue<string>(), codec.KeyOf(wire));
        var actual = JsonNode.Parse(Encoding.UTF8.GetString(codec.Encode(wire)));
        Assert.True(JsonNode.DeepEquals(vector["value"], actual), $"expected {vector["value"]!.ToJsonString()}\nactual   {actual!.ToJsonString()}");
    }

    [Fact]
    public void A_headless_service_exports_as_headless_without_affinity()
    {
        var service = Build.Service("db", clusterIp: "None", ports: new V1ServicePort { Port = 5432 });
        service.Spec.SessionAffinityConfig = new V1SessionAffinityConfig { ClientIP = new V1ClientIPConfig { TimeoutSeconds = 42 } };

        var wire = new ServiceExportBuilder("c1").Build(Export("db"), service);

        Assert.Equal("Headless", wire.Type);
        Assert.Equal("None", wire.SessionAffinity);
        Assert.Null(wire.SessionAffinityConfig);
        var port = Assert.Single(wire.Ports!);
        Assert.Equal(("TCP", 5432, (string?)null), (port.Protocol, port.Port, port.Name));
    }

    [Fact]
    public void Refuses_a_service_the_export_does_not_name()
    {
        var service = Build.Service("other");

        Assert.Throws<ArgumentException>(() => new ServiceExportBuilder("c1").Build(Export("db"), service));
    }

    private static McsServiceExport Export(string name) =>
        new() { Namespace = "default", Name = name, CreationTimestamp = DateTimeOffset.UnixEpoch };
}
