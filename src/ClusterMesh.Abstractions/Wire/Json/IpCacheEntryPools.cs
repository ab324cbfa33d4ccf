namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>
/// What <see cref="IpCacheEntryJsonReader"/> shares across the entries of one source: strings (namespaces, service
/// accounts, port names), node addresses (<c>HostIP</c>) and named-port lists. A codec owns one set for its
/// lifetime; an absent address or port pool means those values are read unshared.
/// </summary>
/// <param name="Strings">Low-cardinality strings.</param>
/// <param name="HostAddresses">Node addresses, or <c>null</c> to give every entry its own.</param>
/// <param name="NamedPorts">Named-port lists, or <c>null</c> to give every entry its own.</param>
internal readonly record struct IpCacheEntryPools(Utf8StringPool Strings, Utf8AddressPool? HostAddresses, NamedPortListPool? NamedPorts)
{
    /// <summary>A full set with the default bounds.</summary>
    public static IpCacheEntryPools Create() => new(new Utf8StringPool(), new Utf8AddressPool(), new NamedPortListPool());
}
