using System.Text;
using Tmds.Linux;

namespace ClusterMesh.Datapath.Ebpf.Native;

/// <summary>
/// bpf(2) through <c>syscall(SYS_bpf, cmd, attr, size)</c>. Every caller passes a freshly zeroed attribute struct
/// sized to its command's last field, because the kernel rejects non-zero bytes it does not expect.
/// </summary>
internal static unsafe class BpfSyscall
{
    private const int SysBpf = 321;
    private const int EINTR = 4;

    /// <summary>Runs <paramref name="command"/>; throws <see cref="BpfException"/> naming <paramref name="target"/> on failure.</summary>
    public static int Invoke<T>(BpfCommand command, ref T attr, string? target)
        where T : unmanaged
    {
        var result = TryInvoke(command, ref attr, out var errno);
        return result >= 0 ? result : throw new BpfException(command, errno, target);
    }

    /// <summary>Runs <paramref name="command"/>; a negative result with the errno instead of an exception.</summary>
    public static int TryInvoke<T>(BpfCommand command, ref T attr, out int errno)
        where T : unmanaged
    {
        fixed (T* pointer = &attr)
        {
            while (true)
            {
                var result = (int)LibC.syscall(SysBpf, (int)command, pointer, sizeof(T));
                errno = result < 0 ? LibC.errno : 0;
                if (errno != EINTR)
                {
                    return result;
                }
            }
        }
    }

    /// <summary>Pins <paramref name="fd"/> at <paramref name="path"/> in bpffs.</summary>
    public static void Pin(BpfFileDescriptor fd, string path)
    {
        var bytes = NulTerminated(path);
        fixed (byte* pathPointer = bytes)
        {
            var attr = new ObjPinAttr { PathName = (ulong)pathPointer, BpfFd = (uint)fd.Value };
            Invoke(BpfCommand.ObjPin, ref attr, path);
        }
    }

    /// <summary>Opens the object pinned at <paramref name="path"/>; <c>null</c> when nothing is pinned there.</summary>
    public static BpfFileDescriptor? TryGetPinned(string path)
    {
        var bytes = NulTerminated(path);
        fixed (byte* pathPointer = bytes)
        {
            var attr = new ObjPinAttr { PathName = (ulong)pathPointer };
            var fd = TryInvoke(BpfCommand.ObjGet, ref attr, out var errno);
            return fd >= 0 ? new BpfFileDescriptor(fd)
                : errno == Errno.ENOENT ? null
                : throw new BpfException(BpfCommand.ObjGet, errno, path);
        }
    }

    /// <summary>Fills <paramref name="info"/> (<c>bpf_map_info</c>, <c>bpf_prog_info</c>, <c>bpf_link_info</c>) for <paramref name="fd"/>.</summary>
    public static void GetInfo<TInfo>(BpfFileDescriptor fd, ref TInfo info, string? target)
        where TInfo : unmanaged
    {
        fixed (TInfo* infoPointer = &info)
        {
            var attr = new InfoByFdAttr { BpfFd = (uint)fd.Value, InfoLength = (uint)sizeof(TInfo), Info = (ulong)infoPointer };
            Invoke(BpfCommand.ObjGetInfoByFd, ref attr, target);
        }
    }

    private static byte[] NulTerminated(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
