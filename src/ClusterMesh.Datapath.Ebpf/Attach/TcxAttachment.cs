using ClusterMesh.Datapath.Ebpf.Native;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Datapath.Ebpf.Attach;

/// <summary>A tcx link held open and pinned; detaching unpins it and detaches it from the interface.</summary>
internal sealed class TcxAttachment(BpfFileDescriptor link, string pinPath, ILogger logger) : IProgramAttachment
{
    /// <summary>The link's descriptor.</summary>
    public BpfFileDescriptor Link => link;

    /// <summary>Where the link is pinned.</summary>
    public string PinPath => pinPath;

    /// <inheritdoc />
    public void Detach()
    {
        ObjectDisposedException.ThrowIf(link.IsClosed, this);
        var attr = new LinkDetachAttr { LinkFd = (uint)link.Value };
        BpfSyscall.Invoke(BpfCommand.LinkDetach, ref attr, pinPath);
        File.Delete(pinPath);
        link.Dispose();
        EbpfLog.DetachedTcx(logger, pinPath);
    }

    /// <summary>Closes the descriptor; the pinned link keeps the program attached.</summary>
    public void Dispose() => link.Dispose();
}
