using System.Text;
using Microsoft.Extensions.Logging;
using Tmds.Linux;

namespace ClusterMesh.Datapath.Ebpf.Native;

/// <summary>
/// The BPF file system that pins live in. It is not mounted by default on every machine: the datapath mounts it
/// at the pin root when the pin directory is not already on a bpffs.
/// </summary>
internal static unsafe class BpfFileSystem
{
    /// <summary>The conventional bpffs mount point.</summary>
    public const string DefaultRoot = "/sys/fs/bpf";

    /// <summary>
    /// Makes sure <paramref name="pinDirectory"/> lies on a bpffs (mounting one at <paramref name="root"/> when
    /// not) and exists.
    /// </summary>
    public static void EnsurePinDirectory(string pinDirectory, ILogger logger, string root = DefaultRoot)
    {
        pinDirectory = Path.GetFullPath(pinDirectory);
        if (!IsOnBpfFs(pinDirectory))
        {
            root = Path.GetFullPath(root);
            if (!IsUnder(pinDirectory, root))
            {
                throw new BpfException($"pin directory {pinDirectory} is not on a bpffs and not under the pin root {root}");
            }

            Mount(root);
            EbpfLog.MountedBpfFs(logger, root);
        }

        Directory.CreateDirectory(pinDirectory);
    }

    /// <summary>Whether the longest mount point containing <paramref name="path"/> is a bpffs.</summary>
    public static bool IsOnBpfFs(string path)
    {
        string? bestMount = null;
        string? bestType = null;
        foreach (var line in File.ReadLines("/proc/self/mounts"))
        {
            var fields = line.Split(' ');
            if (fields.Length < 3)
            {
                continue;
            }

            var mountPoint = Unescape(fields[1]);
            if (IsUnder(path, mountPoint) && (bestMount is null || mountPoint.Length >= bestMount.Length))
            {
                (bestMount, bestType) = (mountPoint, fields[2]);
            }
        }

        return bestType == "bpf";
    }

    private static void Mount(string root)
    {
        Directory.CreateDirectory(root);
        var source = Encoding.UTF8.GetBytes("bpffs\0");
        var target = Encoding.UTF8.GetBytes(root + "\0");
        var type = Encoding.UTF8.GetBytes("bpf\0");
        fixed (byte* sourcePointer = source, targetPointer = target, typePointer = type)
        {
            if (LibC.mount(sourcePointer, targetPointer, typePointer, 0, null) != 0)
            {
                var errno = LibC.errno;
                var hint = errno is Errno.EPERM or Errno.EACCES ? $": {BpfException.PrivilegeHint}" : string.Empty;
                throw new BpfException($"mount -t bpf bpffs {root}: {Errno.Name(errno)} ({errno}){hint}");
            }
        }
    }

    private static bool IsUnder(string path, string directory) =>
        directory == "/" || path == directory || path.StartsWith(directory.TrimEnd('/') + "/", StringComparison.Ordinal);

    // /proc/self/mounts escapes space, tab, newline and backslash as octal.
    private static string Unescape(string field) =>
        field.Contains('\\', StringComparison.Ordinal)
            ? field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
                .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal)
            : field;
}
