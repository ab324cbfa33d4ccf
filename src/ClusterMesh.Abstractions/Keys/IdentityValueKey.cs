using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Abstractions.Keys;

/// <summary>
/// The key by which a node holds an identity in kvstore allocation mode:
/// <c>cilium/state/identities/v1/value/&lt;labels&gt;/&lt;node&gt;</c> → the identity as decimal text. The node part
/// (the node's IP) is everything after the last '/', since label keys may contain '/'.
/// </summary>
public readonly record struct IdentityValueKey : IKvKey<IdentityValueKey>
{
    private const string ValuePrefix = KvKeys.IdentitiesPrefix + "/value";

    /// <summary>Creates the key.</summary>
    public IdentityValueKey(LabelSet labels, string node)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0)
        {
            throw new ArgumentException("an identity needs at least one label", nameof(labels));
        }

        Labels = labels;
        Node = KeyText.Segment(node, nameof(node));
    }

    /// <summary>The identity's labels.</summary>
    public LabelSet Labels { get; }

    /// <summary>The node that holds the identity.</summary>
    public string Node { get; }

    /// <inheritdoc />
    public static bool TryParse(string? key, out IdentityValueKey result)
    {
        result = default;
        if (!KeyText.TryStrip(key, ValuePrefix, out var rest))
        {
            return false;
        }

        var slash = rest.LastIndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1
            || !LabelSet.TryParseKvStoreForm(rest[..slash].ToString(), out var labels) || labels.Count == 0)
        {
            return false;
        }

        result = new IdentityValueKey(labels, rest[(slash + 1)..].ToString());
        return true;
    }

    /// <inheritdoc />
    public static IdentityValueKey Parse(string key) => TryParse(key, out var result) ? result : throw KeyText.NotA("identity value", key);

    /// <summary>The exact kvstore key (labels in their sorted kvstore form).</summary>
    public override string ToString() => $"{ValuePrefix}/{Labels.ToKvStoreForm()}/{Node}";
}
