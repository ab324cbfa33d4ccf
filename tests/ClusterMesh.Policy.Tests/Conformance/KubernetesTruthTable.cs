using System.Net;
using System.Text.Json;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Evaluation;
using ClusterMesh.Policy.Identities;
using ClusterMesh.Policy.Model;
using ClusterMesh.Policy.Parsing;
using ClusterMesh.Testing.Support;
using k8s;
using k8s.Models;

namespace ClusterMesh.Policy.Tests.Conformance;

/// <summary>One <c>netpol-truth-table/v1</c> file: its cluster (one mesh cluster), steps and probes.</summary>
internal sealed class KubernetesTruthTable
{
    public static readonly ClusterName Cluster = ClusterName.Parse("cluster1");

    private KubernetesTruthTable(JsonElement root) => Root = root;

    public static string Folder => Path.Combine(RepoPaths.Shared, "reference", "netpol-conformance", "kubernetes");

    public JsonElement Root { get; }

    public static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Folder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static KubernetesTruthTable Load(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file)));
        return new KubernetesTruthTable(doc.RootElement.Clone());
    }

    /// <summary>Steps as (policies to apply or replace, probes); a file with one top-level policy is one step.</summary>
    public IReadOnlyList<(IReadOnlyList<V1NetworkPolicy> Policies, IReadOnlyList<JsonElement> Probes)> Steps()
    {
        if (!Root.TryGetProperty("steps", out var steps))
        {
            return [([Deserialize(Root.GetProperty("policy"))], Root.GetProperty("probes").EnumerateArray().ToArray())];
        }

        return steps.EnumerateArray().Select(step =>
        {
            var objects = step.TryGetProperty("apply", out var apply) ? apply : step.GetProperty("update");
            return ((IReadOnlyList<V1NetworkPolicy>)objects.EnumerateArray().Select(Deserialize).ToArray(),
                (IReadOnlyList<JsonElement>)step.GetProperty("probes").EnumerateArray().ToArray());
        }).ToArray();
    }

    public IReadOnlyDictionary<string, PolicyEndpoint> Endpoints()
    {
        var cluster = Root.GetProperty("cluster");
        var namespaces = cluster.GetProperty("namespaces");
        var endpoints = new Dictionary<string, PolicyEndpoint>(StringComparer.Ordinal);
        var next = NumericIdentity.Create(new ClusterId(1), NumericIdentity.MinimalAllocationIdentity).Value;
        foreach (var pod in cluster.GetProperty("pods").EnumerateArray())
        {
            var ns = pod.GetProperty("namespace").GetString()!;
            var name = pod.GetProperty("name").GetString()!;
            var labels = EndpointLabels.ForPod(Map(pod.GetProperty("labels")), ns, Map(namespaces.GetProperty(ns).GetProperty("labels")), Cluster);
            var ports = pod.TryGetProperty("containerPorts", out var cp)
                ? cp.EnumerateArray().Select(p => new EndpointPort(
                    p.GetProperty("name").GetString()!, p.GetProperty("containerPort").GetInt32(), Protocol(p.GetProperty("protocol").GetString()!))).ToArray()
                : [];
            endpoints[$"{ns}/{name}"] = new PolicyEndpoint($"{ns}/{name}", Cluster, labels, new NumericIdentity(next++))
            {
                Addresses = pod.TryGetProperty("ip", out var ip) ? [IPAddress.Parse(ip.GetString()!)] : [],
                NamedPorts = ports,
            };
        }

        return endpoints;
    }

    public static L4Protocol Protocol(string text) => text switch
    {
        "TCP" => L4Protocol.Tcp,
        "UDP" => L4Protocol.Udp,
        "SCTP" => L4Protocol.Sctp,
        _ => throw new ArgumentOutOfRangeException(nameof(text), text, "unknown protocol"),
    };

    private static V1NetworkPolicy Deserialize(JsonElement element) => KubernetesJson.Deserialize<V1NetworkPolicy>(element.GetRawText());

    private static Dictionary<string, string> Map(JsonElement element) =>
        element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
}
