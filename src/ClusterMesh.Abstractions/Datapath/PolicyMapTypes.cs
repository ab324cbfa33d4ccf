using System.Globalization;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Abstractions.Datapath;

/// <summary>The direction of a policy-map entry, as the BPF key encodes it (0 ingress, 1 egress).</summary>
public enum PolicyMapDirection : byte
{
    /// <summary>Traffic arriving at the endpoint; the key's identity is the source.</summary>
    Ingress = 0,

    /// <summary>Traffic leaving the endpoint; the key's identity is the destination.</summary>
    Egress = 1,
}

/// <summary>
/// A key of an endpoint's BPF policy map: peer identity (0 = any), direction, protocol (IANA number, 0 = any) and
/// destination port with a prefix length (0 = any port; 16 = one port; ranges become several aligned prefixes).
/// The LPM prefix length is 40 static bits, plus 8 when a protocol is set, plus <see cref="PortPrefixLength"/>.
/// </summary>
/// <param name="Identity">The peer identity; <see cref="NumericIdentity.Unknown"/> (0) is the wildcard.</param>
/// <param name="Direction">Ingress or egress.</param>
/// <param name="Protocol">6 TCP, 17 UDP, 132 SCTP, 0 any.</param>
/// <param name="Port">The first port of the prefix (0 with <see cref="PortPrefixLength"/> 0).</param>
/// <param name="PortPrefixLength">Significant leading bits of <see cref="Port"/>, 0..16.</param>
public readonly record struct PolicyMapKey(NumericIdentity Identity, PolicyMapDirection Direction, byte Protocol, ushort Port, byte PortPrefixLength)
{
    /// <summary>The LPM prefix length of the key (40..64).</summary>
    public int LpmPrefixLength => 40 + (Protocol == 0 ? 0 : 8 + PortPrefixLength);

    /// <summary>The last port the key covers.</summary>
    public ushort EndPort => Protocol == 0 ? (ushort)0 : (ushort)(Port | ((1 << (16 - PortPrefixLength)) - 1));

    /// <summary>Whether this key's protocol and port prefix contain <paramref name="protocol"/>/<paramref name="port"/>.</summary>
    public bool CoversPort(byte protocol, ushort port) =>
        Protocol == 0 || (Protocol == protocol && (PortPrefixLength == 0 || (port >> (16 - PortPrefixLength)) == (Port >> (16 - PortPrefixLength))));

    /// <summary>E.g. <c>ingress 256 80/TCP</c> or <c>egress 0 ANY</c>.</summary>
    public override string ToString()
    {
        var proto = Protocol switch { 0 => "ANY", 6 => "TCP", 17 => "UDP", 132 => "SCTP", var p => p.ToString(CultureInfo.InvariantCulture) };
        var ports = Protocol == 0 || PortPrefixLength == 0 ? proto
            : EndPort == Port ? $"{Port}/{proto}" : $"{Port}-{EndPort}/{proto}";
        return string.Create(CultureInfo.InvariantCulture, $"{Direction.ToString().ToLowerInvariant()} {Identity.Value} {ports}");
    }
}

/// <summary>The value of a policy-map entry: allow (optionally redirected to a proxy port) or deny.</summary>
/// <param name="Deny">The deny flag.</param>
/// <param name="ProxyPort">A proxy listener port to redirect to; 0 when not redirected.</param>
public readonly record struct PolicyMapValue(bool Deny, ushort ProxyPort)
{
    /// <summary>A plain allow entry.</summary>
    public static PolicyMapValue Allow => new(false, 0);

    /// <summary>A deny entry.</summary>
    public static PolicyMapValue DenyEntry => new(true, 0);

    /// <summary><c>allow</c>, <c>redirect:PORT</c> or <c>deny</c>.</summary>
    public override string ToString() =>
        Deny ? "deny" : ProxyPort == 0 ? "allow" : string.Create(CultureInfo.InvariantCulture, $"redirect:{ProxyPort}");
}
