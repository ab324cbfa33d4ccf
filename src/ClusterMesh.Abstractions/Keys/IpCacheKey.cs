using System.Net;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Wire.Text;

namespace ClusterMesh.Abstractions.Keys;

/// <summary>
/// The key of an ipcache entry: <c>cilium/state/ip/v1/default/&lt;ip&gt;</c> for an endpoint address, or
/// <c>.../default/&lt;ip&gt;/&lt;length&gt;</c> for a CIDR entry (one written with a mask, even a /32).
/// </summary>
public readonly record struct IpCacheKey : IKvKey<IpCacheKey>
{
    private const string NamespacePrefix = KvKeys.IpCachePrefix + "/" + KvKeys.IpCacheNamespace;

    /// <summary>Creates the key of a prefix; <paramref name="isCidr"/> says whether the key carries the length.</summary>
    public IpCacheKey(IpPrefix prefix, bool isCidr)
    {
        ArgumentNullException.ThrowIfNull(prefix.Address, nameof(prefix));
        if (!isCidr && !prefix.IsHost)
        {
            throw new ArgumentException($"{prefix} is not a single address; use a CIDR key", nameof(prefix));
        }

        Prefix = prefix;
        IsCidr = isCidr;
    }

    /// <summary>The address or network.</summary>
    public IpPrefix Prefix { get; }

    /// <summary>Whether the key is written as a CIDR (<c>ip/length</c>) rather than a bare address.</summary>
    public bool IsCidr { get; }

    /// <summary>The key of one endpoint address.</summary>
    public static IpCacheKey ForAddress(IPAddress address) => new(IpPrefix.Host(address), isCidr: false);

    /// <summary>The key of a CIDR entry.</summary>
    public static IpCacheKey ForPrefix(IpPrefix prefix) => new(prefix, isCidr: true);

    /// <summary>The key an entry is stored under: its address, or its CIDR when it has a mask.</summary>
    public static IpCacheKey Of(IpCacheEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Mask is null)
        {
            return ForAddress(entry.IP);
        }

        return IpPrefix.TryFromMask(entry.IP, entry.Mask, out var prefix)
            ? ForPrefix(prefix)
            : throw new ArgumentException("the entry's mask is not a valid network mask", nameof(entry));
    }

    /// <inheritdoc />
    public static bool TryParse(string? key, out IpCacheKey result)
    {
        result = default;
        if (!KeyText.TryStrip(key, NamespacePrefix, out var rest) || !IpPrefix.TryParse(rest, out var prefix))
        {
            return false;
        }

        result = new IpCacheKey(prefix, isCidr: rest.IndexOf('/') >= 0);
        return true;
    }

    /// <inheritdoc />
    public static IpCacheKey Parse(string key) => TryParse(key, out var result) ? result : throw KeyText.NotA("ipcache", key);

    /// <summary>The address part of the key: <c>10.0.0.1</c> or <c>10.0.0.0/8</c>.</summary>
    public string AddressText => IsCidr ? Prefix.ToString() : GoIp.Format(Prefix.Address);

    /// <summary>The exact kvstore key.</summary>
    public override string ToString() => KvKeys.IpCache(AddressText);
}
