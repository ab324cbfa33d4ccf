using ClusterMesh.Datapath.Ebpf.Native;
using ClusterMesh.Datapath.Ebpf.Programs;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Datapath.Ebpf.Attach;

/// <summary>
/// Attaches through tcx links (BPF_LINK_CREATE with BPF_TCX_INGRESS / BPF_TCX_EGRESS) and pins each link at
/// <c>&lt;pin directory&gt;/links/&lt;name&gt;</c>. A link pinned by an earlier run on the same interface and
/// direction is adopted and its program swapped atomically with BPF_LINK_UPDATE, so no packet goes unfiltered.
/// </summary>
public sealed class TcxAttacher : IProgramAttacher
{
    internal const uint TcxIngress = 46;
    internal const uint TcxEgress = 47;
    private const uint LinkTypeTcx = 11;
    private readonly string _linkDirectory;
    private readonly ILogger _logger;

    /// <summary>Creates an attacher pinning links under <paramref name="pinDirectory"/>/links.</summary>
    public TcxAttacher(string pinDirectory, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(pinDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        _linkDirectory = Path.Combine(Path.GetFullPath(pinDirectory), "links");
        _logger = logger;
    }

    /// <inheritdoc />
    /// <exception cref="BpfException">The kernel refused the link.</exception>
    public IProgramAttachment Attach(int ifIndex, AttachDirection direction, BpfProgram program, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ifIndex);
        ArgumentNullException.ThrowIfNull(program);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"attachment name '{name}' must not contain '/'", nameof(name));
        }

        BpfFileSystem.EnsurePinDirectory(_linkDirectory, _logger);
        var path = Path.Combine(_linkDirectory, name);
        var attachType = direction == AttachDirection.Ingress ? TcxIngress : TcxEgress;
        if (TryAdopt(path, ifIndex, attachType, program) is { } adopted)
        {
            EbpfLog.SwappedTcx(_logger, direction.ToString(), ifIndex, program.Name, path);
            return new TcxAttachment(adopted, path, _logger);
        }

        var attr = new LinkCreateAttr { ProgFd = (uint)program.Handle.Value, TargetIfIndex = (uint)ifIndex, AttachType = attachType };
        var link = new BpfFileDescriptor(BpfSyscall.Invoke(BpfCommand.LinkCreate, ref attr, $"{program.Name} on ifindex {ifIndex}"));
        try
        {
            BpfSyscall.Pin(link, path);
        }
        catch
        {
            link.Dispose();
            throw;
        }

        EbpfLog.AttachedTcx(_logger, direction.ToString(), ifIndex, program.Name, path);
        return new TcxAttachment(link, path, _logger);
    }

    /// <summary>The kernel's view of the link behind <paramref name="link"/>.</summary>
    internal static LinkInfo ReadInfo(BpfFileDescriptor link, string target)
    {
        var info = default(LinkInfo);
        BpfSyscall.GetInfo(link, ref info, target);
        return info;
    }

    private BpfFileDescriptor? TryAdopt(string path, int ifIndex, uint attachType, BpfProgram program)
    {
        if (BpfSyscall.TryGetPinned(path) is not { } link)
        {
            return null;
        }

        var info = ReadInfo(link, path);
        var reason = info.Type != LinkTypeTcx ? $"link type {info.Type}, not tcx"
            : info.TcxIfIndex == 0 ? "its interface is gone"
            : info.TcxIfIndex != ifIndex ? $"it is on ifindex {info.TcxIfIndex}, not {ifIndex}"
            : info.TcxAttachType != attachType ? $"attach type {info.TcxAttachType}, want {attachType}"
            : null;
        if (reason is null)
        {
            var update = new LinkUpdateAttr { LinkFd = (uint)link.Value, NewProgFd = (uint)program.Handle.Value };
            if (BpfSyscall.TryInvoke(BpfCommand.LinkUpdate, ref update, out var errno) >= 0)
            {
                return link;
            }

            reason = $"BPF_LINK_UPDATE failed with {Errno.Name(errno)}";
        }

        link.Dispose();
        File.Delete(path);
        EbpfLog.ReplacedPinnedLink(_logger, path, reason);
        return null;
    }
}
