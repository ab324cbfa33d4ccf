using ClusterMesh.Policy.Identities;
using ClusterMesh.Policy.Model;

namespace ClusterMesh.Policy.Engine;

/// <summary>
/// The protocol and port part of a policy-map key: protocol 0 is any protocol (and any port); otherwise the port's
/// <see cref="PrefixLength"/> leading bits are significant (0 = every port of the protocol, 16 = one port).
/// </summary>
internal readonly record struct PortKey(byte Protocol, ushort Port, byte PrefixLength)
{
    public static PortKey Any => default;

    /// <summary>Prefix bits beyond identity and direction: 0 for any protocol, else 8 plus the port prefix.</summary>
    public int Bits => Protocol == 0 ? 0 : 8 + PrefixLength;

    /// <summary>Whether every protocol/port this key matches is also matched by this one.</summary>
    public bool Covers(PortKey other) =>
        Protocol == 0 || (Protocol == other.Protocol && PrefixLength <= other.PrefixLength && SamePrefix(other.Port, PrefixLength));

    public bool StrictlyCovers(PortKey other) => Covers(other) && this != other;

    public bool Matches(byte protocol, ushort port) =>
        Protocol == 0 || (Protocol == protocol && SamePrefix(port, PrefixLength));

    private bool SamePrefix(ushort port, int length) => length == 0 || (port >> (16 - length)) == (Port >> (16 - length));

    public static byte ProtocolNumber(L4Protocol protocol) => protocol switch
    {
        L4Protocol.Tcp => 6,
        L4Protocol.Udp => 17,
        L4Protocol.Sctp => 132,
        _ => 0,
    };

    private static readonly byte[] Concrete = [6, 17, 132];

    /// <summary>The keys of a numbered port match (named ports are resolved by the caller).</summary>
    public static IEnumerable<PortKey> Expand(L4Protocol protocol, int port, int endPort)
    {
        var number = ProtocolNumber(protocol);
        if (number == 0 && port == 0)
        {
            return [Any];
        }

        // ANY with a port means the port on every protocol that has ports, as Cilium expands it.
        var protocols = number == 0 ? Concrete : [number];
        return protocols.SelectMany(p => port == 0 ? [new PortKey(p, 0, 0)] : Range(p, port, Math.Max(port, endPort)));
    }

    /// <summary>Keys of the ports named <paramref name="match"/> among <paramref name="ports"/>.</summary>
    public static IEnumerable<PortKey> Named(PortMatch match, IEnumerable<EndpointPort> ports) =>
        ports.Where(p => p.Name == match.Name && (match.Protocol == L4Protocol.Any || p.Protocol == match.Protocol))
            .SelectMany(p => Expand(match.Protocol, p.Port, p.Port))
            .Distinct();

    /// <summary>The fewest aligned port prefixes covering <paramref name="first"/>..<paramref name="last"/>.</summary>
    private static IEnumerable<PortKey> Range(byte protocol, int first, int last)
    {
        var start = first;
        while (start <= last)
        {
            var size = 1;
            var length = 16;
            while (length > 0 && (start & ((size << 1) - 1)) == 0 && start + (size << 1) - 1 <= last)
            {
                size <<= 1;
                length--;
            }

            yield return new PortKey(protocol, (ushort)start, (byte)length);
            start += size;
        }
    }
}
