using System.Net;
using System.Net.NetworkInformation;
using System.Runtime.InteropServices;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Datapath.Ebpf.Maps;

/// <summary>
/// cm_endpoints: local pod address → host-side ifindex, identity, endpoint id and MACs. The pod's namespace and
/// name are not in the kernel map; they are kept here, keyed by address (after a restart they read as empty until
/// the agent upserts the endpoint again). The attachment reads back as <c>null</c> when the ifindex is 0.
/// </summary>
internal sealed unsafe class KernelEndpointMap : IEndpointMap
{
    private const int MacLength = 6;
    private readonly BpfMap _map;
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, (string Namespace, string PodName)> _names = [];

    public KernelEndpointMap(BpfMap map)
    {
        _map = map;
        foreach (var key in _map.Keys())
        {
            _names[MemoryMarshal.Read<EndpointKey>(key).ToAddress()] = (string.Empty, string.Empty);
        }
    }

    /// <inheritdoc />
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _names.Count;
            }
        }
    }

    /// <inheritdoc />
    public void Upsert(LocalEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(endpoint.Address);
        ArgumentOutOfRangeException.ThrowIfNegative(endpoint.EndpointId);
        var key = EndpointKey.From(endpoint.Address);
        var value = new EndpointValue { Identity = endpoint.Identity.Value, EndpointId = (uint)endpoint.EndpointId };
        if (endpoint.Attachment is { } attachment)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(attachment.HostIfIndex);
            value.IfIndex = (uint)attachment.HostIfIndex;
            WriteMac(attachment.PodMac, new Span<byte>(value.PodMac, MacLength));
            WriteMac(attachment.HostMac, new Span<byte>(value.HostMac, MacLength));
        }

        lock (_gate)
        {
            _map.Update(in key, in value);
            _names[endpoint.Address] = (endpoint.Namespace, endpoint.PodName);
        }
    }

    /// <inheritdoc />
    public bool Delete(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var key = EndpointKey.From(address);
        lock (_gate)
        {
            _names.Remove(address);
            return _map.Delete(in key);
        }
    }

    /// <inheritdoc />
    public bool TryLookup(IPAddress address, out LocalEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(address);
        var key = EndpointKey.From(address);
        lock (_gate)
        {
            if (_map.TryLookup(in key, out EndpointValue value))
            {
                endpoint = ToEndpoint(address, in value);
                return true;
            }
        }

        endpoint = null!;
        return false;
    }

    /// <inheritdoc />
    public IReadOnlyList<LocalEndpoint> Dump()
    {
        var endpoints = new List<(EndpointKey Key, LocalEndpoint Endpoint)>();
        lock (_gate)
        {
            foreach (var keyBytes in _map.Keys())
            {
                var key = MemoryMarshal.Read<EndpointKey>(keyBytes);
                if (_map.TryLookup(in key, out EndpointValue value))
                {
                    endpoints.Add((key, ToEndpoint(key.ToAddress(), in value)));
                }
            }
        }

        // Family first, then address bytes: a stable order independent of the kernel's hash order.
        endpoints.Sort(static (left, right) => MemoryMarshal.AsBytes(new ReadOnlySpan<EndpointKey>(in left.Key))
            .SequenceCompareTo(MemoryMarshal.AsBytes(new ReadOnlySpan<EndpointKey>(in right.Key))));
        return endpoints.ConvertAll(static e => e.Endpoint);
    }

    private static void WriteMac(PhysicalAddress mac, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(mac);
        var bytes = mac.GetAddressBytes();
        if (bytes.Length != MacLength)
        {
            throw new ArgumentException($"MAC address {mac} is not {MacLength} bytes", nameof(mac));
        }

        bytes.CopyTo(destination);
    }

    private LocalEndpoint ToEndpoint(IPAddress address, in EndpointValue value)
    {
        var (ns, pod) = _names.TryGetValue(address, out var names) ? names : (string.Empty, string.Empty);
        var endpoint = new LocalEndpoint(address, (int)value.EndpointId, new NumericIdentity(value.Identity), ns, pod);
        if (value.IfIndex == 0)
        {
            return endpoint;
        }

        fixed (byte* podMac = value.PodMac, hostMac = value.HostMac)
        {
            return endpoint with
            {
                Attachment = new EndpointAttachment(
                    (int)value.IfIndex,
                    new PhysicalAddress(new ReadOnlySpan<byte>(podMac, MacLength).ToArray()),
                    new PhysicalAddress(new ReadOnlySpan<byte>(hostMac, MacLength).ToArray())),
            };
        }
    }
}
