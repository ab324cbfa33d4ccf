namespace ClusterMesh.Policy.Parsing;

/// <summary>
/// A policy that cannot be enforced as written: names the policy and the offending field. Only that policy is
/// rejected; every other policy keeps working.
/// </summary>
public sealed class PolicyValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PolicyValidationException(string policy, string field, string problem)
        : base($"policy {policy}: {field}: {problem}")
    {
        Policy = policy;
        Field = field;
        Problem = problem;
    }

    /// <summary>Creates the exception without details (for serializers and tooling).</summary>
    public PolicyValidationException()
        : this("?", "?", "invalid policy")
    {
    }

    /// <summary>Creates the exception from a message only.</summary>
    public PolicyValidationException(string message)
        : this("?", "?", message)
    {
    }

    /// <summary>Creates the exception from a message and a cause.</summary>
    public PolicyValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Policy = "?";
        Field = "?";
        Problem = message;
    }

    /// <summary>The policy, as <c>Kind/namespace/name</c>.</summary>
    public string Policy { get; }

    /// <summary>The offending field, as a path (<c>spec.ingress[0].fromEntities[1]</c>).</summary>
    public string Field { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}
