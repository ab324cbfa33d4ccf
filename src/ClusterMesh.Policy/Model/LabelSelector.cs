using System.Collections.Immutable;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Policy.Model;

internal enum SelectorOperator
{
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

/// <summary>
/// One requirement on a label key. <see cref="Source"/> null (or <c>any</c>) matches a label of any source,
/// as Cilium matches plain selector keys.
/// </summary>
internal sealed record SelectorRequirement(string? Source, string Key, SelectorOperator Operator, ImmutableArray<string> Values)
{
    public bool Matches(LabelSet labels)
    {
        var label = labels[Key];
        if (label is not null && Source is not null && label.Source != Source)
        {
            label = null;
        }

        return Operator switch
        {
            SelectorOperator.In => label is not null && Values.Contains(label.Value),
            SelectorOperator.NotIn => label is null || !Values.Contains(label.Value),
            SelectorOperator.Exists => label is not null,
            SelectorOperator.DoesNotExist => label is null,
            _ => false,
        };
    }

    public override string ToString() => Operator switch
    {
        SelectorOperator.In when Values.Length == 1 => $"{SourcePrefix}{Key}={Values[0]}",
        SelectorOperator.Exists or SelectorOperator.DoesNotExist => $"{SourcePrefix}{Key} {Operator}",
        _ => $"{SourcePrefix}{Key} {Operator} ({string.Join(",", Values)})",
    };

    private string SourcePrefix => Source is null ? string.Empty : Source + ":";
}

/// <summary>An AND of requirements; empty selects every label set.</summary>
internal sealed record LabelSelector(ImmutableArray<SelectorRequirement> Requirements)
{
    public static LabelSelector All { get; } = new(ImmutableArray<SelectorRequirement>.Empty);

    public bool Matches(LabelSet labels)
    {
        foreach (var requirement in Requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    public bool Mentions(string key) => Requirements.Any(r => r.Key == key);

    /// <summary>Whether the selector asks for reserved labels (reserved identities have no cluster).</summary>
    public bool SelectsReserved => Requirements.Any(r => r.Source == Label.SourceReserved);

    public LabelSelector And(SelectorRequirement requirement) => new(Requirements.Add(requirement));

    public LabelSelector And(LabelSelector other) => new(Requirements.AddRange(other.Requirements));

    public bool Equals(LabelSelector? other) => other is not null && Requirements.SequenceEqual(other.Requirements);

    public override int GetHashCode() => Requirements.Aggregate(0, (h, r) => HashCode.Combine(h, r.Key));

    public override string ToString() => Requirements.IsEmpty ? "{}" : "{" + string.Join(", ", Requirements) + "}";
}
