using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire.Json;

namespace ClusterMesh.Abstractions.Wire.Codecs;

/// <summary>
/// IP → identity entries. The hot path of replication (one entry per remote pod): the key is parsed once (an IP the
/// value writes as the key does takes the key's address), the value read by hand straight from UTF-8
/// (<see cref="IpCacheEntryJsonReader"/>), and the checks allocate nothing. The identity must be reserved or in
/// the source cluster's range, as Cilium's ipcache watcher requires.
/// </summary>
internal sealed class IpCacheEntryCodec(WireValidationContext context)
    : JsonKvCodec<IpCacheEntry, IpCacheKey>(context, WireJsonContext.Default.IpCacheEntry)
{
    // Per source: what repeats across its entries (strings, node addresses, named-port lists) is kept once.
    private readonly IpCacheEntryPools _pools = IpCacheEntryPools.Create();

    public override IpCacheKey KeyFor(IpCacheEntry value) => IpCacheKey.Of(value);

    // An endpoint's key ends in its address (no '/' in it): an IP written the same way takes the key's parsed one.
    protected override IpCacheEntry? Deserialize(ReadOnlySpan<byte> utf8, string key, IpCacheKey parsedKey) =>
        IpCacheEntryJsonReader.Read(utf8, _pools,
            parsedKey.IsCidr ? default : new KnownAddress(key.AsSpan(key.LastIndexOf('/') + 1), parsedKey.Prefix.Address));

    protected override void CheckKey(string key, IpCacheKey parsedKey)
    {
    }

    protected override IpCacheEntry Check(string key, IpCacheKey parsedKey, IpCacheEntry value)
    {
        if (value.IP is null)
        {
            throw WireChecks.Fail(key, RejectReason.InvalidField, "IP is empty");
        }

        IpPrefix prefix;
        if (value.Mask is null)
        {
            prefix = IpPrefix.Host(value.IP);
        }
        else if (!IpPrefix.TryFromMask(value.IP, value.Mask, out prefix))
        {
            throw WireChecks.Fail(key, RejectReason.InvalidField, "Mask is not a network mask of the IP's family");
        }

        if (parsedKey.IsCidr != (value.Mask is not null) || parsedKey.Prefix != prefix)
        {
            var valueText = value.Mask is null ? prefix.Address.ToString() : prefix.ToString();
            throw WireChecks.Fail(key, RejectReason.KeyMismatch, $"the value's address {valueText} does not match the key's {parsedKey.AddressText}");
        }

        WireChecks.IdentityInRange(key, value.ID, Context, allowReserved: true);
        // Indexed: a foreach over the interface would allocate an enumerator per entry.
        var ports = value.NamedPorts ?? [];
        for (int i = 0; i < ports.Count; i++)
        {
            if (ports[i] is null)
            {
                throw WireChecks.Fail(key, RejectReason.InvalidField, "NamedPorts has a null entry");
            }
        }

        return value;
    }
}
