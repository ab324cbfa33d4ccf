using ClusterMesh.Policy.Crd;
using ClusterMesh.Policy.Model;
using k8s;
using k8s.Models;

namespace ClusterMesh.Policy.Parsing;

/// <summary>The result of loading policy documents: what parsed, and what was rejected with its reason.</summary>
/// <param name="Policies">The valid policies (a Cilium policy with several specs gives one per spec).</param>
/// <param name="Errors">One error per rejected policy.</param>
public sealed record PolicyLoadResult(IReadOnlyList<Model.Policy> Policies, IReadOnlyList<PolicyValidationException> Errors);

/// <summary>
/// Turns NetworkPolicy, CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy objects into validated
/// <see cref="Model.Policy"/> values. Invalid input throws <see cref="PolicyValidationException"/>.
/// </summary>
public static class PolicyParser
{
    /// <summary>
    /// The <c>apiVersion/kind</c> → type map for <see cref="KubernetesYaml.LoadAllFromString(string, IDictionary{string, Type}, bool)"/>
    /// covering the policy kinds (and the kinds that usually sit beside them in manifests).
    /// </summary>
    public static IDictionary<string, Type> TypeMap() => new Dictionary<string, Type>
    {
        ["networking.k8s.io/v1/NetworkPolicy"] = typeof(V1NetworkPolicy),
        ["cilium.io/v2/CiliumNetworkPolicy"] = typeof(CiliumNetworkPolicy),
        ["cilium.io/v2/CiliumClusterwideNetworkPolicy"] = typeof(CiliumClusterwideNetworkPolicy),
        ["v1/Namespace"] = typeof(V1Namespace),
        ["v1/Pod"] = typeof(V1Pod),
        ["v1/Service"] = typeof(V1Service),
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["v1/Node"] = typeof(V1Node),
    };

    /// <summary>Parses a Kubernetes NetworkPolicy.</summary>
    /// <exception cref="PolicyValidationException">The policy is invalid.</exception>
    public static Model.Policy Parse(V1NetworkPolicy policy) => NetworkPolicyParser.Parse(policy);

    /// <summary>Parses a CiliumNetworkPolicy: one policy per spec.</summary>
    /// <exception cref="PolicyValidationException">The policy is invalid.</exception>
    public static IReadOnlyList<Model.Policy> Parse(CiliumNetworkPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return CiliumPolicyParser.Parse(PolicyKind.CiliumNetworkPolicy, policy.Metadata, policy.Spec, policy.Specs);
    }

    /// <summary>Parses a CiliumClusterwideNetworkPolicy: one policy per spec.</summary>
    /// <exception cref="PolicyValidationException">The policy is invalid.</exception>
    public static IReadOnlyList<Model.Policy> Parse(CiliumClusterwideNetworkPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return CiliumPolicyParser.Parse(PolicyKind.CiliumClusterwideNetworkPolicy, policy.Metadata, policy.Spec, policy.Specs);
    }

    /// <summary>Parses every policy among already-deserialized objects; other kinds are ignored.</summary>
    public static PolicyLoadResult ParseAll(IEnumerable<object> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var policies = new List<Model.Policy>();
        var errors = new List<PolicyValidationException>();
        foreach (var item in objects)
        {
            try
            {
                switch (item)
                {
                    case V1NetworkPolicy np: policies.Add(Parse(np)); break;
                    case CiliumNetworkPolicy cnp: policies.AddRange(Parse(cnp)); break;
                    case CiliumClusterwideNetworkPolicy ccnp: policies.AddRange(Parse(ccnp)); break;
                }
            }
            catch (PolicyValidationException e)
            {
                errors.Add(e);
            }
        }

        return new PolicyLoadResult(policies, errors);
    }

    /// <summary>Parses every policy of a multi-document YAML (or JSON) text; other kinds are ignored.</summary>
    public static PolicyLoadResult LoadYaml(string yaml) =>
        ParseAll(KubernetesYaml.LoadAllFromString(yaml, TypeMap()));
}
