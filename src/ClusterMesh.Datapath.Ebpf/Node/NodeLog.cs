using Microsoft.Extensions.Logging;

namespace ClusterMesh.Datapath.Ebpf;

/// <summary>The log messages of the eBPF node driver (event ids 6200–6299).</summary>
internal static partial class NodeLog
{
    [LoggerMessage(EventId = 6200, Level = LogLevel.Warning, Message = "tcx attach of {Program} on ifindex {IfIndex} failed with {Errno}; using tc clsact from now on")]
    public static partial void AttachFallback(ILogger logger, string program, int ifIndex, string errno);

    [LoggerMessage(EventId = 6201, Level = LogLevel.Information, Message = "created VXLAN device {Device} (external mode, port {Port})")]
    public static partial void CreatedVxlan(ILogger logger, string device, int port);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Information, Message = "eBPF datapath started: node {Address}, {Vxlan} ifindex {VxlanIndex}, {Underlay} ifindex {UnderlayIndex}, pins under {PinDirectory}")]
    public static partial void Started(ILogger logger, string address, string vxlan, int vxlanIndex, string underlay, int underlayIndex, string pinDirectory);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Warning, Message = "endpoint {Namespace}/{Pod} ({Address}): no host-side interface {Device}; written without attachment")]
    public static partial void EndpointInterfaceMissing(ILogger logger, string @namespace, string pod, string address, string device);

    [LoggerMessage(EventId = 6204, Level = LogLevel.Debug, Message = "endpoint {Address}: from_container attached on {Device} (ifindex {IfIndex})")]
    public static partial void EndpointAttached(ILogger logger, string address, string device, int ifIndex);

    [LoggerMessage(EventId = 6205, Level = LogLevel.Debug, Message = "endpoint {Address}: detach from {Device} failed ({Reason}); the interface is probably gone")]
    public static partial void EndpointDetachFailed(ILogger logger, string address, string device, string reason);

    [LoggerMessage(EventId = 6206, Level = LogLevel.Error, Message = "kernel route {Prefix} via {NextHop} dev {Device}: {Reason}")]
    public static partial void RouteFailed(ILogger logger, string prefix, string nextHop, string device, string reason);

    [LoggerMessage(EventId = 6207, Level = LogLevel.Debug, Message = "kernel route {Prefix} via {NextHop} dev {Device} installed")]
    public static partial void RouteInstalled(ILogger logger, string prefix, string nextHop, string device);
}
