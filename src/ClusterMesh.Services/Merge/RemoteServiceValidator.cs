using System.Net;
using System.Net.Sockets;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Services.Merge;

/// <summary>
/// The merger's own checks on a remote service. The codec rejects most bad values before they get here, but the
/// merger may be fed by other sources, so it checks again what it relies on: the key and value agree, the cluster
/// is not the local one, addresses parse, ports are 1..65535 with a known protocol.
/// </summary>
internal static class RemoteServiceValidator
{
    private static readonly HashSet<string> Protocols = new(StringComparer.OrdinalIgnoreCase) { "TCP", "UDP", "SCTP" };

    public static WireValidationException? Check(string key, ClusterService? value, string localCluster)
    {
        if (!ServiceKey.TryParse(key, out var parsed))
        {
            return Fail(key, RejectReason.MalformedKey, "not a service key");
        }

        if (value is null)
        {
            return Fail(key, RejectReason.MalformedValue, "no value");
        }

        if (value.Cluster != parsed.Cluster || value.Namespace != parsed.Namespace || value.Name != parsed.Name)
        {
            return Fail(key, RejectReason.KeyMismatch, $"value names {value.Cluster}/{value.Namespace}/{value.Name}");
        }

        if (value.Cluster == localCluster)
        {
            return Fail(key, RejectReason.ForeignCluster, "a remote service names the local cluster");
        }

        if (value.ClusterID is < 0 or > 511)
        {
            return Fail(key, RejectReason.InvalidClusterId, $"cluster ID {value.ClusterID}");
        }

        return Addresses(key, value.Frontends, "frontend") ?? Addresses(key, value.Backends, "backend");
    }

    /// <summary>A dotted IPv4 or an IPv6 address; IPAddress alone would also take "1" or "0x7f.1".</summary>
    internal static bool IsAddress(string? text) =>
        !string.IsNullOrEmpty(text) && IPAddress.TryParse(text, out var address)
        && (address.AddressFamily == AddressFamily.InterNetworkV6
            ? text.Contains(':', StringComparison.Ordinal) && !text.Contains('%', StringComparison.Ordinal)
            : text.Count(c => c == '.') == 3 && text.All(c => c == '.' || char.IsAsciiDigit(c)));

    private static WireValidationException? Addresses(
        string key, IReadOnlyDictionary<string, IReadOnlyDictionary<string, PortConfiguration>>? byAddress, string what)
    {
        foreach (var (address, ports) in byAddress ?? new Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>>())
        {
            if (!IsAddress(address))
            {
                return Fail(key, RejectReason.InvalidField, $"{what} '{address}' is not an IP address");
            }

            foreach (var (name, port) in ports ?? new Dictionary<string, PortConfiguration>())
            {
                if (port is null || port.Port == 0 || !Protocols.Contains(port.Protocol ?? string.Empty))
                {
                    return Fail(key, RejectReason.InvalidField, $"{what} {address} port '{name}' is not a port 1..65535 over TCP, UDP or SCTP");
                }
            }
        }

        return null;
    }

    private static WireValidationException Fail(string key, RejectReason reason, string detail) => new(key, reason, detail);
}
