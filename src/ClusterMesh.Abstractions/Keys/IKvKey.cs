namespace ClusterMesh.Abstractions.Keys;

/// <summary>
/// A typed kvstore key: parses from the exact key text and writes it back unchanged (<c>ToString()</c>).
/// </summary>
/// <typeparam name="TSelf">The key type.</typeparam>
public interface IKvKey<TSelf>
    where TSelf : struct, IKvKey<TSelf>
{
    /// <summary>Parses a key, returning <c>false</c> when it does not have this key type's shape.</summary>
    static abstract bool TryParse(string? key, out TSelf result);

    /// <summary>Parses a key.</summary>
    /// <exception cref="FormatException">The key does not have this key type's shape.</exception>
    static abstract TSelf Parse(string key);

    /// <summary>The exact kvstore key.</summary>
    string ToString();
}
