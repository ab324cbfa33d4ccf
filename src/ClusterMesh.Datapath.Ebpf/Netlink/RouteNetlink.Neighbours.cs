using System.Net;
using System.Net.NetworkInformation;

namespace ClusterMesh.Datapath.Ebpf.Netlink;

/// <content>Permanent neighbour (ARP/NDP) entries.</content>
public sealed partial class RouteNetlink
{
    /// <summary>Adds a permanent entry <paramref name="address"/> → <paramref name="mac"/> on a device; EEXIST when present.</summary>
    public void AddNeighbour(string device, IPAddress address, PhysicalAddress mac) =>
        ChangeNeighbour(Nl.RTM_NEWNEIGH, Nl.F_CREATE | Nl.F_EXCL, device, address, mac);

    /// <summary>Adds or overwrites a permanent entry.</summary>
    public void ReplaceNeighbour(string device, IPAddress address, PhysicalAddress mac) =>
        ChangeNeighbour(Nl.RTM_NEWNEIGH, Nl.F_CREATE | Nl.F_REPLACE, device, address, mac);

    /// <summary>Deletes the entry for <paramref name="address"/> on a device.</summary>
    public void DeleteNeighbour(string device, IPAddress address) =>
        ChangeNeighbour(Nl.RTM_DELNEIGH, 0, device, address, null);

    /// <summary>The neighbour entries of every device, or of <paramref name="device"/> only.</summary>
    public IReadOnlyList<NeighbourInfo> ListNeighbours(string? device = null)
    {
        var index = device is null ? 0 : GetLinkIndex(device);
        return _socket.Dump(() => DumpRequest(Nl.RTM_GETNEIGH).Struct(new NdMsg { Index = index }), device is null ? "neighbours" : $"neighbours of {device}")
            .Where(m => m.Type == Nl.RTM_NEWNEIGH)
            .Select(m =>
            {
                var header = m.Header<NdMsg>();
                var attributes = m.Attributes<NdMsg>();
                var mac = attributes.Bytes(Rt.NDA_LLADDR) is { Length: > 0 } bytes ? new PhysicalAddress(bytes.ToArray()) : null;
                return attributes.Address(Rt.NDA_DST) is { } address ? new NeighbourInfo(header.Index, address, mac, header.State) : null;
            })
            .OfType<NeighbourInfo>()
            .Where(n => index == 0 || n.InterfaceIndex == index)
            .ToList();
    }

    private void ChangeNeighbour(ushort type, ushort flags, string device, IPAddress address, PhysicalAddress? mac)
    {
        ArgumentNullException.ThrowIfNull(address);
        var header = new NdMsg { Family = Family(address.AddressFamily), Index = GetLinkIndex(device), State = Rt.NUD_PERMANENT };
        var request = Request(type, flags).Struct(header).Address(Rt.NDA_DST, address);
        if (mac is not null)
        {
            request.Attribute(Rt.NDA_LLADDR, mac.GetAddressBytes());
        }

        Execute(request, $"neighbour {address}{(mac is null ? string.Empty : $" lladdr {mac}")} dev {device}");
    }
}
