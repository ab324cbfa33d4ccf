using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Abstractions.Keys;

/// <summary>The key of an identity's labels: <c>cilium/state/identities/v1/id/&lt;id&gt;</c>.</summary>
/// <param name="Id">The numeric identity.</param>
public readonly record struct IdentityKey(NumericIdentity Id) : IKvKey<IdentityKey>
{
    private const string IdPrefix = KvKeys.IdentitiesPrefix + "/id";

    /// <inheritdoc />
    public static bool TryParse(string? key, out IdentityKey result)
    {
        result = default;
        if (!KeyText.TryStrip(key, IdPrefix, out var rest)
            || rest.Length > 10
            || (rest.Length > 1 && rest[0] == '0')
            || !NumericIdentity.TryParse(rest, out var id))
        {
            return false;
        }

        result = new IdentityKey(id);
        return true;
    }

    /// <inheritdoc />
    public static IdentityKey Parse(string key) => TryParse(key, out var result) ? result : throw KeyText.NotA("identity", key);

    /// <summary>The exact kvstore key.</summary>
    public override string ToString() => KvKeys.Identity(Id);
}
