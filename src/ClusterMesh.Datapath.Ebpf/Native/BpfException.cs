using ClusterMesh.Datapath.Ebpf.Native;

namespace ClusterMesh.Datapath.Ebpf;

/// <summary>A <c>bpf(2)</c> call (or the bpffs mount it needs) failed.</summary>
public class BpfException : Exception
{
    /// <summary>The message the kernel's permission errors get: the datapath needs privileges.</summary>
    public const string PrivilegeHint = "needs CAP_BPF and CAP_NET_ADMIN (run as root)";

    /// <summary>Creates the exception for a failed <paramref name="command"/> on <paramref name="target"/>.</summary>
    public BpfException(BpfCommand command, int errno, string? target)
        : this(command, errno, target, Describe(command, errno, target))
    {
    }

    /// <summary>Creates the exception with a message of the caller's.</summary>
    public BpfException(BpfCommand command, int errno, string? target, string message)
        : base(message)
    {
        Command = command;
        Errno = errno;
        Target = target;
    }

    /// <summary>Creates an exception with only a message.</summary>
    public BpfException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public BpfException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no details.</summary>
    public BpfException()
    {
    }

    /// <summary>The command that failed.</summary>
    public BpfCommand Command { get; }

    /// <summary>The errno the kernel answered.</summary>
    public int Errno { get; }

    /// <summary>The symbolic name of <see cref="Errno"/> (for example <c>EINVAL</c>).</summary>
    public string ErrnoName => Native.Errno.Name(Errno);

    /// <summary>The map, program or pin path involved, when known.</summary>
    public string? Target { get; }

    /// <summary>Whether the kernel refused for lack of privileges (EPERM or EACCES).</summary>
    public bool IsPermissionDenied => Errno is Native.Errno.EPERM or Native.Errno.EACCES;

    private static string Describe(BpfCommand command, int errno, string? target)
    {
        var on = target is null ? string.Empty : $" on {target}";
        var name = Native.Errno.Name(errno);
        return errno is Native.Errno.EPERM or Native.Errno.EACCES
            ? $"bpf {command}{on}: {name} ({errno}): {PrivilegeHint}"
            : $"bpf {command}{on}: {name} ({errno})";
    }
}
