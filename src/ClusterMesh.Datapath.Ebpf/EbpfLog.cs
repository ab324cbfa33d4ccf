using Microsoft.Extensions.Logging;

namespace ClusterMesh.Datapath.Ebpf;

/// <summary>The log messages of the kernel side of the eBPF datapath (event ids 6100–6199).</summary>
internal static partial class EbpfLog
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "mounted bpffs at {Root}")]
    public static partial void MountedBpfFs(ILogger logger, string root);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "map {Map}: adopted the pin at {Path}")]
    public static partial void AdoptedPinnedMap(ILogger logger, string map, string path);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "map {Map}: the pin at {Path} is incompatible ({Difference}); replacing it with a new, empty map")]
    public static partial void ReplacedPinnedMap(ILogger logger, string map, string path, string difference);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Debug, Message = "map {Map}: created and pinned at {Path}")]
    public static partial void PinnedNewMap(ILogger logger, string map, string path);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Information, Message = "program {Program}: loaded ({Instructions} instructions)")]
    public static partial void LoadedProgram(ILogger logger, string program, int instructions);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Information, Message = "tcx {Direction} on ifindex {IfIndex}: attached {Program}, link pinned at {Path}")]
    public static partial void AttachedTcx(ILogger logger, string direction, int ifIndex, string program, string path);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Information, Message = "tcx {Direction} on ifindex {IfIndex}: adopted the link pinned at {Path} and swapped in {Program}")]
    public static partial void SwappedTcx(ILogger logger, string direction, int ifIndex, string program, string path);

    [LoggerMessage(EventId = 6107, Level = LogLevel.Warning, Message = "tcx link pinned at {Path} is unusable ({Reason}); replacing it")]
    public static partial void ReplacedPinnedLink(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 6108, Level = LogLevel.Information, Message = "tcx link pinned at {Path}: detached")]
    public static partial void DetachedTcx(ILogger logger, string path);
}
