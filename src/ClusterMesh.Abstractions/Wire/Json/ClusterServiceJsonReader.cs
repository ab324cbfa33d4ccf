using System.Text.Json;
using ClusterMesh.Abstractions.Model;
using static ClusterMesh.Abstractions.Wire.Json.ServiceJsonReaderParts;
using static ClusterMesh.Abstractions.Wire.Json.WireJsonReading;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>
/// Reads a <see cref="ClusterService"/> from UTF-8 by hand. The generated metadata builds these records (and their
/// ports, zones and hints, all <c>required</c>/<c>init</c>) through its parameterized-constructor converter, which
/// buffers every member in an argument array per object; a service with a few backends cost tens of microseconds.
/// </summary>
/// <remarks>
/// The rules are the generated ones (<see cref="WireJsonContext"/>), and a differential property test holds it to
/// them: case-sensitive names, an unknown field in any object is an error, <c>required</c> members must be present
/// (JSON <c>null</c> counts as present), a repeated field or dictionary key keeps its last value, JSON <c>null</c>
/// is accepted for every member of reference type (dictionary values and list items included), dictionaries are
/// <see cref="Dictionary{TKey,TValue}"/> with the default comparer and lists <see cref="List{T}"/>, ports go through
/// <see cref="PortNumberConverter"/>, nothing may follow the object, and text that is not valid UTF-8 is a
/// <see cref="JsonException"/>. One deliberate difference: <see cref="BackendZone.Zone"/> is never <c>null</c> but
/// its initializer's empty string, where the generated code leaves an absent or <c>null</c> init-only member
/// <c>null</c>. Cluster, namespace, protocol, port, label, selector and zone names repeat across services, so
/// they come from <see cref="Utf8StringPool"/>; addresses, hostnames and service names do not.
/// </remarks>
internal static class ClusterServiceJsonReader
{
    /// <summary>The service, or <c>null</c> when the value is JSON <c>null</c>.</summary>
    /// <exception cref="JsonException">The value is not a valid service (a <see cref="WireJsonException"/> names the reason).</exception>
    public static ClusterService? Read(ReadOnlySpan<byte> utf8, Utf8StringPool pool) =>
        ReadDocument(utf8, pool, ReadService);

    private static ClusterService ReadService(ref Utf8JsonReader reader, Utf8StringPool pool)
    {
        string? cluster = null, ns = null, name = null;
        bool hasCluster = false, hasNamespace = false, hasName = false;
        Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>>? frontends = null, backends = null;
        Dictionary<string, string>? hostnames = null, labels = null, selector = null;
        Dictionary<string, BackendZone>? zones = null;
        bool includeExternal = false, shared = false;
        int clusterId = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("cluster"u8))
            {
                cluster = ReadString(ref reader, pool);
                hasCluster = true;
            }
            else if (reader.ValueTextEquals("namespace"u8))
            {
                ns = ReadString(ref reader, pool);
                hasNamespace = true;
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                name = ReadString(ref reader, pool: null);
                hasName = true;
            }
            else if (reader.ValueTextEquals("frontends"u8))
            {
                frontends = ReadPortsByAddress(ref reader, pool);
            }
            else if (reader.ValueTextEquals("backends"u8))
            {
                backends = ReadPortsByAddress(ref reader, pool);
            }
            else if (reader.ValueTextEquals("hostnames"u8))
            {
                hostnames = ReadStringMap(ref reader, keys: null, values: null);
            }
            else if (reader.ValueTextEquals("zones"u8))
            {
                zones = ReadZones(ref reader, pool);
            }
            else if (reader.ValueTextEquals("labels"u8))
            {
                labels = ReadStringMap(ref reader, pool, pool);
            }
            else if (reader.ValueTextEquals("selector"u8))
            {
                selector = ReadStringMap(ref reader, pool, pool);
            }
            else if (reader.ValueTextEquals("includeExternal"u8))
            {
                includeExternal = ReadBoolean(ref reader);
            }
            else if (reader.ValueTextEquals("shared"u8))
            {
                shared = ReadBoolean(ref reader);
            }
            else if (reader.ValueTextEquals("clusterID"u8))
            {
                clusterId = ReadInt32(ref reader);
            }
            else
            {
                throw UnknownField(reader, "service");
            }
        }

        return !hasCluster ? throw Missing("service", "cluster")
            : !hasNamespace ? throw Missing("service", "namespace")
            : !hasName ? throw Missing("service", "name")
            : new ClusterService
            {
                Cluster = cluster!,
                Namespace = ns!,
                Name = name!,
                Frontends = frontends,
                Backends = backends,
                Hostnames = hostnames,
                Zones = zones,
                Labels = labels,
                Selector = selector,
                IncludeExternal = includeExternal,
                Shared = shared,
                ClusterID = clusterId,
            };
    }

    /// <summary>Address → port name → port; addresses are per service, port names shared.</summary>
    private static Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>>? ReadPortsByAddress(ref Utf8JsonReader reader, Utf8StringPool pool)
    {
        if (!StartObjectOrNull(ref reader, "an address → ports"))
        {
            return null;
        }

        var byAddress = new Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>>();
        while (NextProperty(ref reader))
        {
            var address = Key(ref reader, pool: null);
            byAddress[address] = ReadPorts(ref reader, pool)!;
        }

        return byAddress;
    }

    private static Dictionary<string, PortConfiguration>? ReadPorts(ref Utf8JsonReader reader, Utf8StringPool pool)
    {
        if (!StartObjectOrNull(ref reader, "a port name → port"))
        {
            return null;
        }

        var ports = new Dictionary<string, PortConfiguration>();
        while (NextProperty(ref reader))
        {
            var name = Key(ref reader, pool);
            ports[name] = ReadPort(ref reader, pool)!;
        }

        return ports;
    }

    private static PortConfiguration? ReadPort(ref Utf8JsonReader reader, Utf8StringPool pool)
    {
        if (!StartObjectOrNull(ref reader, "a port"))
        {
            return null;
        }

        string? protocol = null;
        bool hasProtocol = false;
        ushort port = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("Protocol"u8))
            {
                protocol = ReadString(ref reader, pool);
                hasProtocol = true;
            }
            else if (reader.ValueTextEquals("Port"u8))
            {
                port = ReadPortNumber(ref reader);
            }
            else
            {
                throw UnknownField(reader, "port");
            }
        }

        return hasProtocol ? new PortConfiguration { Protocol = protocol!, Port = port } : throw Missing("port", "Protocol");
    }
}
