using System.Net;
using ClusterMesh.Abstractions.Datapath;

namespace ClusterMesh.Datapath.Simulation.Maps;

/// <summary>The ipcache: prefix → identity, tunnel endpoint, encryption key.</summary>
internal sealed class IpCacheMap : LpmMap<IpCacheValue>, IIpCacheMap;

/// <summary>The tunnel map: remote pod CIDR → owning node.</summary>
internal sealed class TunnelMap : LpmMap<TunnelEndpoint>, ITunnelMap;

/// <summary>The direct routes: pod CIDR → next hop (the FIB entries auto-direct-node-routes installs).</summary>
internal sealed class RouteTable : LpmMap<IPAddress>, IRouteTable;
