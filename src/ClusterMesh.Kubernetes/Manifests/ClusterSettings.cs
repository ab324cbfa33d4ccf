using System.Globalization;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using k8s.Models;

namespace ClusterMesh.Kubernetes.Manifests;

/// <summary>
/// A cluster's mesh settings, read from the <c>kube-system/cilium-config</c> ConfigMap as Cilium does
/// (<c>cluster-name</c>, <c>cluster-id</c>, <c>max-connected-clusters</c>, <c>routing-mode</c>).
/// </summary>
/// <param name="Name">The cluster name.</param>
/// <param name="Id">The cluster ID.</param>
/// <param name="MaxConnectedClusters">255 or 511.</param>
/// <param name="RoutingMode">How nodes reach each other's pods.</param>
public sealed record ClusterSettings(ClusterName Name, ClusterId Id, int MaxConnectedClusters, RoutingMode RoutingMode)
{
    /// <summary>The ConfigMap the settings come from.</summary>
    public const string ConfigMapName = "cilium-config";

    /// <summary>Reads and validates the settings; errors name the file and the field.</summary>
    public static ClusterSettings FromConfigMap(V1ConfigMap map, string file)
    {
        ArgumentNullException.ThrowIfNull(map);
        var data = map.Data ?? new Dictionary<string, string>();
        string Required(string field) =>
            data.TryGetValue(field, out var v) && !string.IsNullOrWhiteSpace(v)
                ? v.Trim()
                : throw new ManifestException(file, $"ConfigMap {ConfigMapName}: field '{field}' is required");

        var maxClusters = MeshLimits.DefaultMaxConnectedClusters;
        if (data.TryGetValue("max-connected-clusters", out var maxText))
        {
            if (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out maxClusters)
                || maxClusters is not (MeshLimits.DefaultMaxConnectedClusters or MeshLimits.ExtendedMaxConnectedClusters))
            {
                throw new ManifestException(file, $"ConfigMap {ConfigMapName}: field 'max-connected-clusters' must be 255 or 511, not '{maxText}'");
            }
        }

        var idText = Required("cluster-id");
        if (!int.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var idValue)
            || !new ClusterId(idValue).IsValidFor(maxClusters))
        {
            throw new ManifestException(file, $"ConfigMap {ConfigMapName}: field 'cluster-id' must be between 1 and {maxClusters}, not '{idText}'");
        }

        var id = new ClusterId(idValue);
        ClusterName name;
        try
        {
            name = ClusterName.Parse(Required("cluster-name"), id);
        }
        catch (ArgumentException e)
        {
            throw new ManifestException(file, $"ConfigMap {ConfigMapName}: field 'cluster-name': {e.Message.Split(" (Parameter")[0]}", e);
        }

        var routing = data.TryGetValue("routing-mode", out var mode) ? mode.Trim() : "tunnel";
        var routingMode = routing switch
        {
            "tunnel" => RoutingMode.Tunnel,
            "native" or "direct" => RoutingMode.Direct,
            "hybrid" => RoutingMode.Hybrid,
            _ => throw new ManifestException(file, $"ConfigMap {ConfigMapName}: field 'routing-mode' must be tunnel, native or hybrid, not '{routing}'"),
        };

        return new ClusterSettings(name, id, maxClusters, routingMode);
    }
}
