using System.Runtime.InteropServices;
using Tmds.Linux;

namespace ClusterMesh.Datapath.Ebpf;

/// <summary>A file descriptor of a kernel BPF object (map, program, link), closed when disposed.</summary>
public sealed class BpfFileDescriptor : SafeHandle
{
    internal BpfFileDescriptor(int fd)
        : base(new IntPtr(-1), ownsHandle: true) => SetHandle(new IntPtr(fd));

    /// <inheritdoc />
    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The descriptor number (for netlink messages that carry a program fd).</summary>
    /// <exception cref="ObjectDisposedException">The descriptor was closed.</exception>
    public int Value
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return (int)handle.ToInt64();
        }
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => LibC.close((int)handle.ToInt64()) == 0;
}
