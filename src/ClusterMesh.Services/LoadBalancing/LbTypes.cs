using ClusterMesh.Services.Model;

namespace ClusterMesh.Services.LoadBalancing;

/// <summary>What a client connects to: a ClusterIP, a port and a protocol (upper case).</summary>
/// <param name="Address">The ClusterIP.</param>
/// <param name="Port">The service port.</param>
/// <param name="Protocol">TCP, UDP or SCTP.</param>
public readonly record struct LbFrontend(string Address, ushort Port, string Protocol)
{
    /// <summary>Creates a frontend, normalising the protocol to upper case.</summary>
    public static LbFrontend Of(string address, ushort port, string protocol) => new(address, port, protocol.ToUpperInvariant());
}

/// <summary>Where a connection is sent: a backend address and its port for the frontend's port name.</summary>
/// <param name="Cluster">The backend's cluster.</param>
/// <param name="Address">The backend address.</param>
/// <param name="Port">The backend port.</param>
public sealed record LbBackend(string Cluster, string Address, ushort Port)
{
    /// <summary>The backend's Maglev key: its address and port.</summary>
    public string Key => Address.Contains(':', StringComparison.Ordinal) ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}

/// <summary>One frontend's Maglev table: every slot names one of <see cref="Backends"/>.</summary>
public sealed class ServiceLbTable
{
    private readonly int[] _slots;

    internal ServiceLbTable(ServiceName service, LbFrontend frontend, IReadOnlyList<LbBackend> backends, int[] slots)
    {
        Service = service;
        Frontend = frontend;
        Backends = backends;
        _slots = slots;
    }

    /// <summary>The service the frontend belongs to.</summary>
    public ServiceName Service { get; }

    /// <summary>The frontend.</summary>
    public LbFrontend Frontend { get; }

    /// <summary>The selected backends, ordered by cluster and address.</summary>
    public IReadOnlyList<LbBackend> Backends { get; }

    /// <summary>Slot → index into <see cref="Backends"/>; empty when there is no backend.</summary>
    public IReadOnlyList<int> Slots => _slots;

    /// <summary>The backend for a flow hash, or null when the frontend has no backend (the packet is dropped).</summary>
    public LbBackend? Lookup(ulong hash) => _slots.Length == 0 ? null : Backends[_slots[(int)(hash % (ulong)_slots.Length)]];
}

/// <summary>A connection's 5-tuple.</summary>
/// <param name="SourceAddress">Client address.</param>
/// <param name="SourcePort">Client port.</param>
/// <param name="DestinationAddress">The address connected to.</param>
/// <param name="DestinationPort">The port connected to.</param>
/// <param name="Protocol">TCP, UDP or SCTP.</param>
public readonly record struct FlowKey(string SourceAddress, ushort SourcePort, string DestinationAddress, ushort DestinationPort, string Protocol)
{
    /// <summary>A stable hash of the whole 5-tuple: the same flow always lands on the same slot.</summary>
    public ulong Hash() => StableHash.Of($"{SourceAddress}|{SourcePort}|{DestinationAddress}|{DestinationPort}|{Protocol.ToUpperInvariant()}", 0x466c6f77);

    /// <summary>The frontend this flow addresses.</summary>
    public LbFrontend Frontend => LbFrontend.Of(DestinationAddress, DestinationPort, Protocol);
}
