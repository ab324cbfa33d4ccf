using System.Net;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Kubernetes.Manifests;
using k8s.Models;

namespace ClusterMesh.Kubernetes.LocalState;

/// <summary>Turns one cluster's Kubernetes objects into the state it publishes to the mesh.</summary>
public static class LocalStateBuilder
{
    /// <summary>Builds the state; objects that cannot be used raise a <see cref="ManifestException"/> naming them.</summary>
    public static LocalClusterState Build(ClusterManifests manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var settings = manifests.Settings;
        var nodes = manifests.Nodes.Select(n => ToNode(n, settings, manifests.Directory)).ToList();
        var hostAddresses = nodes.ToDictionary(n => n.Name, n => n.AddressOf(NodeAddress.InternalIP), StringComparer.Ordinal);

        var endpoints = new List<PodEndpoint>();
        foreach (var pod in manifests.Pods)
        {
            if (pod.Spec?.HostNetwork == true || string.IsNullOrEmpty(pod.Status?.PodIP) || pod.Status.Phase is "Succeeded" or "Failed")
            {
                continue;
            }

            var where = $"{manifests.Directory}: Pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
            if (!IPAddress.TryParse(pod.Status.PodIP, out var address))
            {
                throw new ManifestException(where, $"status.podIP '{pod.Status.PodIP}' is not an IP address");
            }

            var nodeName = pod.Spec?.NodeName ?? throw new ManifestException(where, "spec.nodeName is required for a pod with an address");
            if (!hostAddresses.TryGetValue(nodeName, out var hostAddress))
            {
                throw new ManifestException(where, $"spec.nodeName '{nodeName}' is not a node of this cluster");
            }

            endpoints.Add(new PodEndpoint(
                address,
                pod.Metadata.NamespaceProperty ?? "default",
                pod.Metadata.Name,
                pod.Metadata.Uid ?? string.Empty,
                nodeName,
                hostAddress,
                pod.Spec.ServiceAccountName ?? "default",
                IdentityLabels.ForPod(pod, manifests.NamespaceNamed(pod.Metadata.NamespaceProperty ?? "default"), settings.Name),
                NamedPortsOf(pod)));
        }

        foreach (var duplicate in endpoints.GroupBy(e => e.Address).Where(g => g.Count() > 1))
        {
            throw new ManifestException(manifests.Directory, $"pod IP {duplicate.Key} is used by {string.Join(" and ", duplicate.Select(e => $"{e.Namespace}/{e.Name}"))}");
        }

        return new LocalClusterState(settings, nodes, endpoints);
    }

    private static Node ToNode(V1Node node, ClusterSettings settings, string directory)
    {
        var where = $"{directory}: Node {node.Metadata.Name}";
        var addresses = new List<NodeAddress>();
        foreach (var address in node.Status?.Addresses ?? [])
        {
            if (address.Type is NodeAddress.InternalIP or NodeAddress.ExternalIP)
            {
                addresses.Add(new NodeAddress
                {
                    Type = address.Type,
                    IP = IPAddress.TryParse(address.Address, out var ip) ? ip : throw new ManifestException(where, $"status.addresses: '{address.Address}' is not an IP address"),
                });
            }
        }

        if (!addresses.Any(a => a.Type == NodeAddress.InternalIP))
        {
            throw new ManifestException(where, "status.addresses needs an InternalIP");
        }

        var cidrs = (node.Spec?.PodCIDRs ?? (node.Spec?.PodCIDR is { } single ? [single] : []))
            .Select(c => IpPrefix.TryParse(c, out var p) && c.Contains('/', StringComparison.Ordinal) ? p : throw new ManifestException(where, $"spec.podCIDR '{c}' is not a CIDR"))
            .ToList();
        var v4 = cidrs.Where(c => !c.IsIPv6).ToList();
        var v6 = cidrs.Where(c => c.IsIPv6).ToList();

        return new Node
        {
            Name = node.Metadata.Name,
            Cluster = settings.Name.Value,
            ClusterID = settings.Id.Value,
            IPAddresses = addresses,
            IPv4AllocCIDR = v4.Count > 0 ? v4[0] : null,
            IPv4SecondaryAllocCIDRs = v4.Count > 1 ? v4.Skip(1).ToList() : null,
            IPv6AllocCIDR = v6.Count > 0 ? v6[0] : null,
            IPv6SecondaryAllocCIDRs = v6.Count > 1 ? v6.Skip(1).ToList() : null,
            Labels = node.Metadata.Labels is { } labels ? new Dictionary<string, string>(labels) : null,
            Annotations = node.Metadata.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : null,
        };
    }

    private static List<NamedPort> NamedPortsOf(V1Pod pod) =>
        (pod.Spec?.Containers ?? [])
            .SelectMany(c => c.Ports ?? [])
            .Where(p => !string.IsNullOrEmpty(p.Name))
            .Select(p => new NamedPort { Name = p.Name, Port = (ushort)p.ContainerPort, Protocol = p.Protocol ?? "TCP" })
            .ToList();
}
