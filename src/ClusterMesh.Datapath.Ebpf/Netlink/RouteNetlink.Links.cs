using System.Net.NetworkInformation;
using ClusterMesh.Datapath.Ebpf.Namespaces;

namespace ClusterMesh.Datapath.Ebpf.Netlink;

/// <content>Links: lookup, creation (veth, VXLAN, bridge), attributes and deletion.</content>
public sealed partial class RouteNetlink
{
    private const int IfNameSize = 16;

    /// <summary>The device called <paramref name="name"/>.</summary>
    /// <exception cref="NetlinkException">No such device (ENODEV).</exception>
    public LinkInfo GetLink(string name)
    {
        ValidateName(name);
        var request = Request(Nl.RTM_GETLINK).Struct(new IfInfoMsg()).String(Ifla.IFNAME, name);
        var answers = _socket.Execute(request, $"link {name}");
        return answers.Count == 1 ? ReadLink(answers[0]) : throw new NetlinkException("RTM_GETLINK", $"link {name}", 71, $"{answers.Count} answers");
    }

    /// <summary>The device called <paramref name="name"/>, or null when there is none.</summary>
    public LinkInfo? TryGetLink(string name)
    {
        try
        {
            return GetLink(name);
        }
        catch (NetlinkException e) when (e.Errno == 19)
        {
            return null;
        }
    }

    /// <summary>The interface index of <paramref name="name"/> (what <c>if_nametoindex</c> returns).</summary>
    /// <exception cref="NetlinkException">No such device (ENODEV).</exception>
    public int GetLinkIndex(string name) => GetLink(name).Index;

    /// <summary>Every device in the namespace.</summary>
    public IReadOnlyList<LinkInfo> ListLinks() =>
        _socket.Dump(() => DumpRequest(Nl.RTM_GETLINK).Struct(new IfInfoMsg()), "links")
            .Where(m => m.Type == Nl.RTM_NEWLINK).Select(ReadLink).ToList();

    /// <summary>Creates a veth pair; the peer is created directly in <paramref name="peerNamespace"/> when given.</summary>
    /// <param name="name">The local end's name.</param>
    /// <param name="peerName">The other end's name.</param>
    /// <param name="peerNamespace">The namespace of the other end, or null for this one.</param>
    public void CreateVethPair(string name, string peerName, NetworkNamespace? peerNamespace = null)
    {
        ValidateName(name);
        ValidateName(peerName);
        var request = Request(Nl.RTM_NEWLINK, Nl.F_CREATE | Nl.F_EXCL).Struct(new IfInfoMsg()).String(Ifla.IFNAME, name);
        var linkInfo = request.BeginNested(Ifla.LINKINFO);
        request.String(Ifla.INFO_KIND, "veth");
        var data = request.BeginNested(Ifla.INFO_DATA);
        var peer = request.BeginNested(Ifla.VETH_INFO_PEER);
        request.Struct(new IfInfoMsg()).String(Ifla.IFNAME, peerName);
        if (peerNamespace is not null)
        {
            request.U32(Ifla.NET_NS_FD, (uint)peerNamespace.FileDescriptor);
        }

        request.EndNested(peer);
        request.EndNested(data);
        request.EndNested(linkInfo);
        Execute(request, $"veth {name} peer {peerName}");
    }

    /// <summary>Creates a VXLAN device in external (collect_md) mode, learning off: BPF sets the tunnel key per packet.</summary>
    public void CreateVxlan(VxlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateName(options.Name);
        var underlay = options.UnderlayDevice is null ? 0 : GetLinkIndex(options.UnderlayDevice);
        var request = Request(Nl.RTM_NEWLINK, Nl.F_CREATE | Nl.F_EXCL).Struct(new IfInfoMsg()).String(Ifla.IFNAME, options.Name);
        var linkInfo = request.BeginNested(Ifla.LINKINFO);
        request.String(Ifla.INFO_KIND, "vxlan");
        var data = request.BeginNested(Ifla.INFO_DATA);
        request.U8(Ifla.VXLAN_COLLECT_METADATA, 1).U8(Ifla.VXLAN_LEARNING, 0).Be16(Ifla.VXLAN_PORT, options.Port);
        if (options.Local is { } local)
        {
            request.Address(local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? Ifla.VXLAN_LOCAL6 : Ifla.VXLAN_LOCAL, local);
        }

        if (underlay != 0)
        {
            request.U32(Ifla.VXLAN_LINK, (uint)underlay);
        }

        request.EndNested(data);
        request.EndNested(linkInfo);
        Execute(request, $"vxlan {options.Name}");
    }

    /// <summary>Creates a bridge.</summary>
    public void CreateBridge(string name)
    {
        ValidateName(name);
        var request = Request(Nl.RTM_NEWLINK, Nl.F_CREATE | Nl.F_EXCL).Struct(new IfInfoMsg()).String(Ifla.IFNAME, name);
        var linkInfo = request.BeginNested(Ifla.LINKINFO);
        request.String(Ifla.INFO_KIND, "bridge");
        request.EndNested(linkInfo);
        Execute(request, $"bridge {name}");
    }

    /// <summary>Sets the device administratively up.</summary>
    public void SetLinkUp(string name) => SetLink(name, "up", new IfInfoMsg { Flags = Ifla.IFF_UP, Change = Ifla.IFF_UP }, _ => { });

    /// <summary>Sets the device administratively down.</summary>
    public void SetLinkDown(string name) => SetLink(name, "down", new IfInfoMsg { Change = Ifla.IFF_UP }, _ => { });

    /// <summary>Sets the MTU.</summary>
    public void SetMtu(string name, int mtu) => SetLink(name, $"mtu {mtu}", new IfInfoMsg(), r => r.U32(Ifla.MTU, checked((uint)mtu)));

    /// <summary>Enslaves the device to <paramref name="master"/> (a bridge), or frees it when null.</summary>
    public void SetMaster(string name, string? master)
    {
        var index = master is null ? 0 : GetLinkIndex(master);
        SetLink(name, $"master {master ?? "none"}", new IfInfoMsg(), r => r.U32(Ifla.MASTER, (uint)index));
    }

    /// <summary>Moves the device into another network namespace (it disappears from this one).</summary>
    public void MoveToNamespace(string name, NetworkNamespace target)
    {
        ArgumentNullException.ThrowIfNull(target);
        SetLink(name, $"netns {target.Name}", new IfInfoMsg(), r => r.U32(Ifla.NET_NS_FD, (uint)target.FileDescriptor));
    }

    /// <summary>Sets the hardware address.</summary>
    public void SetMacAddress(string name, PhysicalAddress mac)
    {
        ArgumentNullException.ThrowIfNull(mac);
        SetLink(name, $"address {mac}", new IfInfoMsg(), r => r.Attribute(Ifla.ADDRESS, mac.GetAddressBytes()));
    }

    /// <summary>Deletes the device (for a veth, both ends).</summary>
    public void DeleteLink(string name)
    {
        ValidateName(name);
        Execute(Request(Nl.RTM_DELLINK).Struct(new IfInfoMsg()).String(Ifla.IFNAME, name), $"link {name}");
    }

    private void SetLink(string name, string what, IfInfoMsg header, Action<NetlinkMessageWriter> attributes)
    {
        ValidateName(name);
        var request = Request(Nl.RTM_SETLINK).Struct(header).String(Ifla.IFNAME, name);
        attributes(request);
        Execute(request, $"link {name} {what}");
    }

    private void Execute(NetlinkMessageWriter request, string target) => _socket.Execute(request, target);

    private static LinkInfo ReadLink(NetlinkMessage message)
    {
        var header = message.Header<IfInfoMsg>();
        var attributes = message.Attributes<IfInfoMsg>();
        var mac = attributes.Bytes(Ifla.ADDRESS) is { Length: > 0 } bytes ? new PhysicalAddress(bytes.ToArray()) : null;
        return new LinkInfo(
            header.Index,
            attributes.String(Ifla.IFNAME) ?? string.Empty,
            attributes.Nested(Ifla.LINKINFO)?.String(Ifla.INFO_KIND),
            (int)(attributes.U32(Ifla.MTU) ?? 0),
            mac,
            (header.Flags & Ifla.IFF_UP) != 0,
            (int)(attributes.U32(Ifla.MASTER) ?? 0));
    }

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (System.Text.Encoding.UTF8.GetByteCount(name) >= IfNameSize || name.Contains('/') || name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"'{name}' is not a valid interface name (at most {IfNameSize - 1} bytes, no '/' or spaces)", nameof(name));
        }
    }
}
