using System.Net;
using System.Net.NetworkInformation;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Datapath.Ebpf.Attach;
using ClusterMesh.Datapath.Ebpf.Namespaces;
using ClusterMesh.Datapath.Ebpf.Netlink;
using ClusterMesh.Datapath.Ebpf.Programs;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Datapath.Ebpf;

/// <summary>
/// cm_endpoints plus the plumbing of each pod: the host-side veth is found by <see cref="EndpointInterfaceNames"/>,
/// its ifindex and MAC go into the entry, and <c>from_container</c> is attached to it (before the entry is
/// written, so the pod's first packet is already seen by the program). The pod's MAC stays zero unless the caller
/// knows it: <c>bpf_redirect_peer</c> scrubs the frame to PACKET_HOST, so the pod's stack accepts it anyway.
/// </summary>
internal sealed class NodeEndpointMap(IEndpointMap inner, RouteNetlink netlink, IProgramAttacher attacher, BpfProgram fromContainer, ILogger logger)
    : IEndpointMap, IDisposable
{
    private static readonly PhysicalAddress NoMac = new(new byte[6]);
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, (int IfIndex, string Device, IProgramAttachment Attachment)> _attached = [];

    public int Count => inner.Count;

    public void Upsert(LocalEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var device = EndpointInterfaceNames.HostSide(endpoint.Namespace, endpoint.PodName);
        lock (_gate)
        {
            if (netlink.TryGetLink(device) is not { } link)
            {
                NodeLog.EndpointInterfaceMissing(logger, endpoint.Namespace, endpoint.PodName, endpoint.Address.ToString(), device);
                Detach(endpoint.Address);
                inner.Upsert(endpoint with { Attachment = null });
                return;
            }

            if (!_attached.TryGetValue(endpoint.Address, out var current) || current.IfIndex != link.Index)
            {
                Detach(endpoint.Address);
                var attachment = attacher.Attach(link.Index, AttachDirection.Ingress, fromContainer, $"from_container-{device}");
                _attached[endpoint.Address] = (link.Index, device, attachment);
                NodeLog.EndpointAttached(logger, endpoint.Address.ToString(), device, link.Index);
            }

            inner.Upsert(endpoint with
            {
                Attachment = new EndpointAttachment(link.Index, endpoint.Attachment?.PodMac ?? NoMac, link.MacAddress ?? NoMac),
            });
        }
    }

    public bool Delete(IPAddress address)
    {
        lock (_gate)
        {
            var existed = inner.Delete(address);
            Detach(address);
            return existed;
        }
    }

    public bool TryLookup(IPAddress address, out LocalEndpoint endpoint) => inner.TryLookup(address, out endpoint);

    public IReadOnlyList<LocalEndpoint> Dump() => inner.Dump();

    /// <summary>Lets go of the attachments (they stay in the kernel).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var (_, _, attachment) in _attached.Values)
            {
                attachment.Dispose();
            }

            _attached.Clear();
        }
    }

    private void Detach(IPAddress address)
    {
        if (!_attached.Remove(address, out var current))
        {
            return;
        }

        try
        {
            current.Attachment.Detach();
        }
        catch (Exception e) when (e is BpfException or NetlinkException)
        {
            // The pod's veth went away with its namespace, taking the hook with it.
            NodeLog.EndpointDetachFailed(logger, address.ToString(), current.Device, e.Message);
        }
        finally
        {
            current.Attachment.Dispose();
        }
    }
}
