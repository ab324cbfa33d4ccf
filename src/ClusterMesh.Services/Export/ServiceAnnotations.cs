using ClusterMesh.Services.Model;

namespace ClusterMesh.Services.Export;

/// <summary>The annotations that make a Service global, shared and affine, under their current and old names.</summary>
public static class ServiceAnnotations
{
    /// <summary>"true" makes a service global.</summary>
    public const string Global = "service.cilium.io/global";

    /// <summary>"false" keeps a global service's backends to itself (default "true" when global).</summary>
    public const string Shared = "service.cilium.io/shared";

    /// <summary><c>local</c>, <c>remote</c> or <c>none</c>.</summary>
    public const string Affinity = "service.cilium.io/affinity";

    /// <summary>The old name of <see cref="Global"/>.</summary>
    public const string LegacyGlobal = "io.cilium/global-service";

    /// <summary>The old name of <see cref="Shared"/>.</summary>
    public const string LegacyShared = "io.cilium/shared-service";

    /// <summary>The old name of <see cref="Affinity"/>.</summary>
    public const string LegacyAffinity = "io.cilium/service-affinity";

    /// <summary>On a Namespace: whether its services may be global (the default is configurable).</summary>
    public const string GlobalNamespace = "clustermesh.cilium.io/global";

    /// <summary>
    /// Reads the settings of a service. The current name wins over the old one; booleans are "true" in any case;
    /// an unknown affinity is <see cref="ServiceAffinity.None"/>. A service is global only when its namespace is.
    /// </summary>
    /// <param name="service">The Service's annotations.</param>
    /// <param name="namespaceAnnotations">Its Namespace's annotations, when known.</param>
    /// <param name="namespacesGlobalByDefault">Whether a namespace without the annotation is global.</param>
    public static ServiceSharing Read(
        IDictionary<string, string>? service,
        IDictionary<string, string>? namespaceAnnotations = null,
        bool namespacesGlobalByDefault = true)
    {
        var namespaceGlobal = Flag(namespaceAnnotations, GlobalNamespace, null) ?? namespacesGlobalByDefault;
        var global = namespaceGlobal && (Flag(service, Global, LegacyGlobal) ?? false);
        var shared = global && (Flag(service, Shared, LegacyShared) ?? true);
        return new ServiceSharing(global, shared, global ? ParseAffinity(Value(service, Affinity, LegacyAffinity)) : ServiceAffinity.None);
    }

    /// <summary>
    /// <c>local</c> and <c>remote</c> (any case); everything else, the literal <c>none</c> included, is
    /// <see cref="ServiceAffinity.None"/>.
    /// </summary>
    public static ServiceAffinity ParseAffinity(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "local" => ServiceAffinity.Local,
        "remote" => ServiceAffinity.Remote,
        _ => ServiceAffinity.None,
    };

    private static bool? Flag(IDictionary<string, string>? annotations, string name, string? legacy) =>
        Value(annotations, name, legacy) is { } value ? string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase) : null;

    private static string? Value(IDictionary<string, string>? annotations, string name, string? legacy)
    {
        if (annotations is null)
        {
            return null;
        }

        if (annotations.TryGetValue(name, out var value))
        {
            return value;
        }

        return legacy is not null && annotations.TryGetValue(legacy, out var old) ? old : null;
    }
}

/// <summary>A service's mesh settings.</summary>
/// <param name="Global">Uses other clusters' backends.</param>
/// <param name="Shared">Exports its own backends (never without <paramref name="Global"/>).</param>
/// <param name="Affinity">Which cluster's backends are preferred.</param>
public readonly record struct ServiceSharing(bool Global, bool Shared, ServiceAffinity Affinity);
