using System.Net;
using System.Net.Sockets;

namespace ClusterMesh.Datapath.Ebpf.Netlink;

/// <content>Routes in the main table (per-node pod-CIDR routes for auto-direct-node-routes, default routes).</content>
public sealed partial class RouteNetlink
{
    /// <summary>Adds a route; fails with EEXIST when one for the same prefix exists.</summary>
    public void AddRoute(RouteSpec route) => ChangeRoute(Nl.RTM_NEWROUTE, Nl.F_CREATE | Nl.F_EXCL, route);

    /// <summary>Adds the route or replaces the one for the same prefix.</summary>
    public void ReplaceRoute(RouteSpec route) => ChangeRoute(Nl.RTM_NEWROUTE, Nl.F_CREATE | Nl.F_REPLACE, route);

    /// <summary>Deletes the route for the prefix (matching the gateway and device when given).</summary>
    /// <exception cref="NetlinkException">No such route (ESRCH).</exception>
    public void DeleteRoute(RouteSpec route) => ChangeRoute(Nl.RTM_DELROUTE, 0, route);

    /// <summary>The routes of the main table for one address family.</summary>
    public IReadOnlyList<RouteInfo> ListRoutes(AddressFamily family = AddressFamily.InterNetwork)
    {
        var familyByte = Family(family);
        return _socket.Dump(() => DumpRequest(Nl.RTM_GETROUTE).Struct(new RtMsg { Family = familyByte }), $"routes ({family})")
            .Where(m => m.Type == Nl.RTM_NEWROUTE)
            .Select(ReadRoute)
            .Where(r => r.Table == Rt.TABLE_MAIN)
            .ToList();
    }

    private void ChangeRoute(ushort type, ushort flags, RouteSpec route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var destination = route.Destination;
        var family = destination.BaseAddress.AddressFamily;
        if ((route.Gateway is { } g && g.AddressFamily != family) || (route.Source is { } s && s.AddressFamily != family))
        {
            throw new ArgumentException($"route {destination}: gateway and source must be {family}", nameof(route));
        }

        var deleting = type == Nl.RTM_DELROUTE;
        var header = new RtMsg
        {
            Family = Family(family),
            DestinationLength = (byte)destination.PrefixLength,
            Table = (byte)Rt.TABLE_MAIN,
            // A delete matches any protocol/type/scope unless given, as `ip route del` does.
            Protocol = deleting ? (byte)0 : Rt.RTPROT_STATIC,
            Scope = deleting ? Rt.SCOPE_NOWHERE : route.Gateway is null ? Rt.SCOPE_LINK : Rt.SCOPE_UNIVERSE,
            Type = deleting ? (byte)0 : Rt.RTN_UNICAST,
            Flags = route.OnLink ? Rt.RTNH_F_ONLINK : 0,
        };
        var request = Request(type, flags).Struct(header).U32(Rt.RTA_TABLE, Rt.TABLE_MAIN).Address(Rt.RTA_DST, destination.BaseAddress);
        if (route.Gateway is { } gateway)
        {
            request.Address(Rt.RTA_GATEWAY, gateway);
        }

        if (route.Device is { } device)
        {
            request.U32(Rt.RTA_OIF, (uint)GetLinkIndex(device));
        }

        if (route.Source is { } source)
        {
            request.Address(Rt.RTA_PREFSRC, source);
        }

        Execute(request, Describe(route));
    }

    private static string Describe(RouteSpec route) =>
        $"route {route.Destination}"
        + (route.Gateway is null ? string.Empty : $" via {route.Gateway}")
        + (route.Device is null ? string.Empty : $" dev {route.Device}")
        + (route.OnLink ? " onlink" : string.Empty);

    private static RouteInfo ReadRoute(NetlinkMessage message)
    {
        var header = message.Header<RtMsg>();
        var attributes = message.Attributes<RtMsg>();
        var family = Family(header.Family);
        var destination = attributes.Address(Rt.RTA_DST)
            ?? (family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any);
        return new RouteInfo(
            new IPNetwork(destination, header.DestinationLength),
            attributes.Address(Rt.RTA_GATEWAY),
            (int)(attributes.U32(Rt.RTA_OIF) ?? 0),
            attributes.Address(Rt.RTA_PREFSRC),
            attributes.U32(Rt.RTA_TABLE) ?? header.Table,
            header.Protocol,
            header.Scope,
            header.Type,
            (header.Flags & Rt.RTNH_F_ONLINK) != 0);
    }
}
