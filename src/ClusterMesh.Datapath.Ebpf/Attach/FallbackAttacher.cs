using ClusterMesh.Datapath.Ebpf.Native;
using ClusterMesh.Datapath.Ebpf.Programs;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Datapath.Ebpf.Attach;

/// <summary>
/// tcx first; tc clsact when the kernel answers the tcx link with EINVAL or EOPNOTSUPP (a kernel before 6.6, or
/// a device that does not take tcx). Once the fallback was needed it is used for the rest of the attacher's life.
/// </summary>
public sealed class FallbackAttacher(IProgramAttacher primary, IProgramAttacher fallback, ILogger logger) : IProgramAttacher
{
    private volatile bool _primaryUnsupported;

    /// <summary>Whether attachments now go through the fallback.</summary>
    public bool UsesFallback => _primaryUnsupported;

    /// <inheritdoc />
    public IProgramAttachment Attach(int ifIndex, AttachDirection direction, BpfProgram program, string name)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (!_primaryUnsupported)
        {
            try
            {
                return primary.Attach(ifIndex, direction, program, name);
            }
            catch (BpfException e) when (e.Errno is Errno.EINVAL or Errno.EOPNOTSUPP)
            {
                _primaryUnsupported = true;
                NodeLog.AttachFallback(logger, program.Name, ifIndex, e.ErrnoName);
            }
        }

        return fallback.Attach(ifIndex, direction, program, name);
    }
}
