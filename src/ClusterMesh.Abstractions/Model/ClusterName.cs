using System.Text.RegularExpressions;

namespace ClusterMesh.Abstractions.Model;

/// <summary>
/// A cluster name as Cilium accepts it: at most 32 characters of lower-case letters, digits and '-', starting and
/// ending with a letter or digit. The name <c>default</c> is only allowed for a cluster with ID 0 (no mesh).
/// </summary>
public readonly partial record struct ClusterName : IComparable<ClusterName>
{
    /// <summary>Longest allowed name.</summary>
    public const int MaxLength = 32;

    /// <summary>The name of an unconfigured cluster.</summary>
    public const string DefaultName = "default";

    private ClusterName(string value) => Value = value;

    /// <summary>The name.</summary>
    public string Value { get; }

    /// <summary>Checks a name; returns <c>null</c> when valid, else the reason.</summary>
    public static string? Check(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "cluster name must not be empty";
        }

        if (value.Length > MaxLength)
        {
            return $"cluster name '{value}' is longer than {MaxLength} characters";
        }

        return NamePattern().IsMatch(value)
            ? null
            : $"cluster name '{value}' must consist of lower case alphanumeric characters or '-', and start and end with an alphanumeric character";
    }

    /// <summary>Parses a name, throwing <see cref="ArgumentException"/> with the reason when invalid.</summary>
    public static ClusterName Parse(string value)
    {
        var problem = Check(value);
        return problem is null ? new ClusterName(value) : throw new ArgumentException(problem, nameof(value));
    }

    /// <summary>Parses a name and checks it against the cluster's ID (<c>default</c> needs ID 0).</summary>
    public static ClusterName Parse(string value, ClusterId id)
    {
        var name = Parse(value);
        if (name.Value == DefaultName && id.Value != 0)
        {
            throw new ArgumentException($"cluster name '{DefaultName}' is not allowed with a non-zero cluster ID ({id})", nameof(value));
        }

        return name;
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? value, out ClusterName name)
    {
        name = Check(value) is null ? new ClusterName(value!) : default;
        return name.Value is not null;
    }

    /// <inheritdoc />
    public int CompareTo(ClusterName other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;

    [GeneratedRegex("^([a-z0-9][-a-z0-9]*)?[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
