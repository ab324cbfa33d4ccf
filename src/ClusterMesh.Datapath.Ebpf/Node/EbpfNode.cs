using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Datapath.Ebpf.Attach;
using ClusterMesh.Datapath.Ebpf.Elf;
using ClusterMesh.Datapath.Ebpf.Netlink;
using ClusterMesh.Datapath.Ebpf.Programs;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Datapath.Ebpf;

/// <summary>
/// The eBPF datapath plugged into a node (the network namespace of the calling thread): the pinned maps, the
/// programs, the VXLAN device, the attachments and the kernel routes. As an <see cref="IDatapath"/> it programs
/// the maps like <see cref="EbpfDatapath"/> and, in addition, attaches <c>from_container</c> to a pod's host-side
/// veth when its endpoint is written and keeps the kernel's pod-CIDR routes in step with <c>cm_routes</c>.
/// </summary>
/// <remarks>
/// Restart: maps and tcx links are pinned and adopted, programs are swapped in place, nothing is flushed — packets
/// keep flowing while the agent is away. Disposing closes descriptors only; the datapath stays in the kernel.
/// </remarks>
public sealed class EbpfNode : IDatapath, IDisposable
{
    private readonly EbpfDatapath _maps;
    private readonly BpfCollection _programs;
    private readonly RouteNetlink _netlink;
    private readonly List<IProgramAttachment> _deviceAttachments;
    private readonly NodeEndpointMap _endpoints;
    private readonly NodeRouteTable _routes;

    private EbpfNode(EbpfDatapath maps, BpfCollection programs, RouteNetlink netlink, FallbackAttacher attacher, List<IProgramAttachment> deviceAttachments, EbpfNodeOptions options, ILogger logger)
    {
        _maps = maps;
        _programs = programs;
        _netlink = netlink;
        _deviceAttachments = deviceAttachments;
        Attacher = attacher;
        _endpoints = new NodeEndpointMap(maps.Endpoints, netlink, attacher, programs.Programs["from_container"], logger);
        _routes = new NodeRouteTable(maps.Routes, netlink, options.UnderlayDevice, logger);
    }

    /// <summary>The maps (counters and config included).</summary>
    public EbpfDatapath Maps => _maps;

    /// <inheritdoc />
    public IIpCacheMap IpCache => _maps.IpCache;

    /// <inheritdoc />
    public ITunnelMap Tunnels => _maps.Tunnels;

    /// <inheritdoc />
    public IRouteTable Routes => _routes;

    /// <inheritdoc />
    public IEndpointMap Endpoints => _endpoints;

    /// <summary>Whether programs are attached through tc clsact because tcx was refused.</summary>
    public bool UsesTcFallback => Attacher.UsesFallback;

    internal FallbackAttacher Attacher { get; }

    /// <summary>
    /// Loads the datapath into the calling thread's network namespace: creates or adopts the pinned maps, loads the
    /// programs, creates the VXLAN device when missing, attaches <c>from_overlay</c> and <c>from_netdev</c> (tcx,
    /// tc clsact as fallback) and writes <c>cm_config</c>.
    /// </summary>
    /// <exception cref="EbpfStartException">Missing privileges, a program the verifier rejects (with its log), a missing underlay device, or another kernel refusal.</exception>
    public static EbpfNode Start(EbpfNodeOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        EbpfDatapath? maps = null;
        BpfCollection? programs = null;
        RouteNetlink? netlink = null;
        var attachments = new List<IProgramAttachment>();
        try
        {
            maps = EbpfDatapath.Open(options.PinDirectory, logger);
            programs = BpfCollection.Load(DatapathObjects.LoadDatapath(), options.PinDirectory, logger);
            netlink = RouteNetlink.Open();
            var attacher = new FallbackAttacher(new TcxAttacher(options.PinDirectory, logger), new TcAttacher(netlink), logger);
            var vxlan = EnsureVxlan(netlink, options.VxlanDevice, logger);
            var underlay = netlink.TryGetLink(options.UnderlayDevice)?.Index
                ?? throw new EbpfStartException($"eBPF datapath: underlay device '{options.UnderlayDevice}' does not exist in this network namespace");
            attachments.Add(attacher.Attach(vxlan, AttachDirection.Ingress, programs.Programs["from_overlay"], $"from_overlay-{options.VxlanDevice}"));
            attachments.Add(attacher.Attach(underlay, AttachDirection.Ingress, programs.Programs["from_netdev"], $"from_netdev-{options.UnderlayDevice}"));
            maps.WriteConfig(options.NodeAddress, vxlan, underlay);
            NodeLog.Started(logger, options.NodeAddress.ToString(), options.VxlanDevice, vxlan, options.UnderlayDevice, underlay, maps.PinDirectory);
            return new EbpfNode(maps, programs, netlink, attacher, attachments, options, logger);
        }
        catch (Exception e) when (e is not EbpfStartException)
        {
            foreach (var attachment in attachments)
            {
                attachment.Dispose();
            }

            netlink?.Dispose();
            programs?.Dispose();
            maps?.Dispose();
            throw EbpfStartException.From(e);
        }
    }

    /// <summary>Every counter of <c>cm_counters</c>, summed across CPUs.</summary>
    public IReadOnlyDictionary<DatapathCounter, ulong> ReadCounters() => _maps.ReadCounters();

    /// <summary>Closes descriptors and sockets; pinned maps, links and tc filters stay, so traffic keeps flowing.</summary>
    public void Dispose()
    {
        _endpoints.Dispose();
        foreach (var attachment in _deviceAttachments)
        {
            attachment.Dispose();
        }

        _netlink.Dispose();
        _programs.Dispose();
        _maps.Dispose();
    }

    private static int EnsureVxlan(RouteNetlink netlink, string device, ILogger logger)
    {
        if (netlink.TryGetLink(device) is not { } link)
        {
            netlink.CreateVxlan(new VxlanOptions(device));
            NodeLog.CreatedVxlan(logger, device, EbpfDatapathInfo.VxlanPort);
            link = netlink.GetLink(device);
        }
        else if (link.Kind != "vxlan")
        {
            throw new EbpfStartException($"eBPF datapath: '{device}' exists but is a {link.Kind ?? "device of unknown kind"}, not a VXLAN device");
        }

        if (!link.IsUp)
        {
            netlink.SetLinkUp(device);
        }

        return link.Index;
    }
}
