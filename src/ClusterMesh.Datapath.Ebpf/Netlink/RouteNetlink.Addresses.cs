using System.Net;
using System.Net.Sockets;

namespace ClusterMesh.Datapath.Ebpf.Netlink;

/// <content>Interface addresses (IPv4 and IPv6).</content>
public sealed partial class RouteNetlink
{
    /// <summary>Adds <paramref name="address"/>/<paramref name="prefixLength"/> to a device; IPv6 addresses skip duplicate detection (nodad) so they are usable at once.</summary>
    /// <exception cref="NetlinkException">The device is missing, or the address exists already (EEXIST).</exception>
    public void AddAddress(string device, IPAddress address, int prefixLength) =>
        ChangeAddress(Nl.RTM_NEWADDR, Nl.F_CREATE | Nl.F_EXCL, device, address, prefixLength);

    /// <summary>Removes an address from a device.</summary>
    public void DeleteAddress(string device, IPAddress address, int prefixLength) =>
        ChangeAddress(Nl.RTM_DELADDR, 0, device, address, prefixLength);

    /// <summary>Every address in the namespace, or only those of <paramref name="device"/>.</summary>
    public IReadOnlyList<AddressInfo> ListAddresses(string? device = null)
    {
        var index = device is null ? 0 : GetLinkIndex(device);
        return _socket.Dump(() => DumpRequest(Nl.RTM_GETADDR).Struct(new IfAddrMsg()), device is null ? "addresses" : $"addresses of {device}")
            .Where(m => m.Type == Nl.RTM_NEWADDR)
            .Select(m =>
            {
                var header = m.Header<IfAddrMsg>();
                var attributes = m.Attributes<IfAddrMsg>();
                var address = attributes.Address(Rt.IFA_LOCAL) ?? attributes.Address(Rt.IFA_ADDRESS);
                return address is null ? null : new AddressInfo(header.Index, address, header.PrefixLength, header.Scope);
            })
            .OfType<AddressInfo>()
            .Where(a => index == 0 || a.InterfaceIndex == index)
            .ToList();
    }

    private void ChangeAddress(ushort type, ushort flags, string device, IPAddress address, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, bits);
        var header = new IfAddrMsg
        {
            Family = Family(address.AddressFamily),
            PrefixLength = (byte)prefixLength,
            Flags = address.AddressFamily == AddressFamily.InterNetworkV6 ? Rt.IFA_F_NODAD : (byte)0,
            Index = GetLinkIndex(device),
        };
        var request = Request(type, flags).Struct(header).Address(Rt.IFA_LOCAL, address).Address(Rt.IFA_ADDRESS, address);
        Execute(request, $"address {address}/{prefixLength} dev {device}");
    }
}
