using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using YamlDotNet.Serialization;

namespace ClusterMesh.Policy.Crd;

/// <summary>A namespaced <c>cilium.io/v2</c> CiliumNetworkPolicy.</summary>
[KubernetesEntity(Group = "cilium.io", ApiVersion = "v2", Kind = "CiliumNetworkPolicy", PluralName = "ciliumnetworkpolicies")]
public sealed class CiliumNetworkPolicy : IKubernetesObject<V1ObjectMeta>, ISpec<CiliumPolicyRule>
{
    /// <summary>The <c>apiVersion</c> of this kind.</summary>
    public const string KubeApiVersionText = "cilium.io/v2";

    /// <inheritdoc />
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = KubeApiVersionText;

    /// <inheritdoc />
    [JsonPropertyName("kind")] public string Kind { get; set; } = "CiliumNetworkPolicy";

    /// <inheritdoc />
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>The rule (Cilium also accepts a list in <see cref="Specs"/>).</summary>
    [JsonPropertyName("spec")] public CiliumPolicyRule Spec { get; set; } = null!;

    /// <summary>Further rules of the same policy.</summary>
    [JsonPropertyName("specs")] public IList<CiliumPolicyRule>? Specs { get; set; }
}

/// <summary>A cluster-wide <c>cilium.io/v2</c> CiliumClusterwideNetworkPolicy (no namespace scoping).</summary>
[KubernetesEntity(Group = "cilium.io", ApiVersion = "v2", Kind = "CiliumClusterwideNetworkPolicy", PluralName = "ciliumclusterwidenetworkpolicies")]
public sealed class CiliumClusterwideNetworkPolicy : IKubernetesObject<V1ObjectMeta>, ISpec<CiliumPolicyRule>
{
    /// <inheritdoc />
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = CiliumNetworkPolicy.KubeApiVersionText;

    /// <inheritdoc />
    [JsonPropertyName("kind")] public string Kind { get; set; } = "CiliumClusterwideNetworkPolicy";

    /// <inheritdoc />
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>The rule (Cilium also accepts a list in <see cref="Specs"/>).</summary>
    [JsonPropertyName("spec")] public CiliumPolicyRule Spec { get; set; } = null!;

    /// <summary>Further rules of the same policy.</summary>
    [JsonPropertyName("specs")] public IList<CiliumPolicyRule>? Specs { get; set; }
}

/// <summary>One Cilium policy rule: whom it applies to and its ingress/egress allow and deny sections.</summary>
public sealed class CiliumPolicyRule
{
    /// <summary>The endpoints the rule applies to.</summary>
    [JsonPropertyName("endpointSelector")] public V1LabelSelector? EndpointSelector { get; set; }

    /// <summary>The nodes the rule applies to (cluster-wide policies only), instead of endpoints.</summary>
    [JsonPropertyName("nodeSelector")] public V1LabelSelector? NodeSelector { get; set; }

    /// <summary>Allowed incoming traffic.</summary>
    [JsonPropertyName("ingress")] public IList<CiliumIngressRule>? Ingress { get; set; }

    /// <summary>Denied incoming traffic (a deny beats any allow).</summary>
    [JsonPropertyName("ingressDeny")] public IList<CiliumIngressRule>? IngressDeny { get; set; }

    /// <summary>Allowed outgoing traffic.</summary>
    [JsonPropertyName("egress")] public IList<CiliumEgressRule>? Egress { get; set; }

    /// <summary>Denied outgoing traffic (a deny beats any allow).</summary>
    [JsonPropertyName("egressDeny")] public IList<CiliumEgressRule>? EgressDeny { get; set; }

    /// <summary>Whether selecting an endpoint turns on default deny per direction (both default to true).</summary>
    [JsonPropertyName("enableDefaultDeny")] public CiliumDefaultDeny? EnableDefaultDeny { get; set; }

    /// <summary>Free text.</summary>
    [JsonPropertyName("description")] public string? Description { get; set; }
}

/// <summary>Per-direction default-deny switches.</summary>
public sealed class CiliumDefaultDeny
{
    /// <summary>Ingress default deny (null means true).</summary>
    [JsonPropertyName("ingress")] public bool? Ingress { get; set; }

    /// <summary>Egress default deny (null means true).</summary>
    [JsonPropertyName("egress")] public bool? Egress { get; set; }
}

/// <summary>An ingress rule: L3 sources (ORed) and L4 ports.</summary>
public sealed class CiliumIngressRule
{
    /// <summary>Source endpoints.</summary>
    [JsonPropertyName("fromEndpoints")] public IList<V1LabelSelector>? FromEndpoints { get; set; }

    /// <summary>Source entities (world, cluster, host, ..., mesh).</summary>
    [JsonPropertyName("fromEntities")] public IList<string>? FromEntities { get; set; }

    /// <summary>Source CIDRs.</summary>
    [JsonPropertyName("fromCIDR")]
    [YamlMember(Alias = "fromCIDR")] public IList<string>? FromCidr { get; set; }

    /// <summary>Source CIDRs with exceptions.</summary>
    [JsonPropertyName("fromCIDRSet")]
    [YamlMember(Alias = "fromCIDRSet")] public IList<CiliumCidrRule>? FromCidrSet { get; set; }

    /// <summary>Destination ports (on the selected endpoint).</summary>
    [JsonPropertyName("toPorts")] public IList<CiliumPortRule>? ToPorts { get; set; }
}

/// <summary>An egress rule: L3 destinations (ORed) and L4 ports.</summary>
public sealed class CiliumEgressRule
{
    /// <summary>Destination endpoints.</summary>
    [JsonPropertyName("toEndpoints")] public IList<V1LabelSelector>? ToEndpoints { get; set; }

    /// <summary>Destination entities (world, cluster, host, ..., mesh).</summary>
    [JsonPropertyName("toEntities")] public IList<string>? ToEntities { get; set; }

    /// <summary>Destination CIDRs.</summary>
    [JsonPropertyName("toCIDR")]
    [YamlMember(Alias = "toCIDR")] public IList<string>? ToCidr { get; set; }

    /// <summary>Destination CIDRs with exceptions.</summary>
    [JsonPropertyName("toCIDRSet")]
    [YamlMember(Alias = "toCIDRSet")] public IList<CiliumCidrRule>? ToCidrSet { get; set; }

    /// <summary>Destination ports.</summary>
    [JsonPropertyName("toPorts")] public IList<CiliumPortRule>? ToPorts { get; set; }
}

/// <summary>A CIDR with exceptions.</summary>
public sealed class CiliumCidrRule
{
    /// <summary>The CIDR.</summary>
    [JsonPropertyName("cidr")] public string? Cidr { get; set; }

    /// <summary>Sub-CIDRs excluded from <see cref="Cidr"/>.</summary>
    [JsonPropertyName("except")] public IList<string>? Except { get; set; }
}

/// <summary>A set of ports, optionally with L7 rules (kept only as "redirect to a proxy", not interpreted).</summary>
public sealed class CiliumPortRule
{
    /// <summary>The ports.</summary>
    [JsonPropertyName("ports")] public IList<CiliumPortProtocol>? Ports { get; set; }

    /// <summary>L7 rules; any present rule redirects the allowed traffic to a proxy.</summary>
    [JsonPropertyName("rules")] public CiliumL7Rules? Rules { get; set; }
}

/// <summary>L7 rules of a port rule; their content is not interpreted (the engine only marks a redirect).</summary>
public sealed class CiliumL7Rules
{
    /// <summary>HTTP rules.</summary>
    [JsonPropertyName("http")] public IList<Dictionary<string, object>>? Http { get; set; }

    /// <summary>Kafka rules.</summary>
    [JsonPropertyName("kafka")] public IList<Dictionary<string, object>>? Kafka { get; set; }

    /// <summary>DNS rules.</summary>
    [JsonPropertyName("dns")] public IList<Dictionary<string, object>>? Dns { get; set; }

    /// <summary>Whether any rule is present.</summary>
    [JsonIgnore]
    public bool Any => Http is { Count: > 0 } || Kafka is { Count: > 0 } || Dns is { Count: > 0 };
}

/// <summary>A port or port range with a protocol.</summary>
public sealed class CiliumPortProtocol
{
    /// <summary>A port number or a named port, as text ("0" or empty means all ports).</summary>
    [JsonPropertyName("port")] public string? Port { get; set; }

    /// <summary>Last port of a range starting at <see cref="Port"/>.</summary>
    [JsonPropertyName("endPort")] public int? EndPort { get; set; }

    /// <summary>TCP, UDP, SCTP or ANY (the default).</summary>
    [JsonPropertyName("protocol")] public string? Protocol { get; set; }
}
