namespace ClusterMesh.Datapath.Ebpf.Netlink;

/// <summary>Names of the Linux (x86-64 and arm64 share them) errno values netlink answers with.</summary>
internal static class Errno
{
    private static readonly Dictionary<int, string> Names = new()
    {
        [1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR", [5] = "EIO", [6] = "ENXIO", [7] = "E2BIG",
        [9] = "EBADF", [11] = "EAGAIN", [12] = "ENOMEM", [13] = "EACCES", [14] = "EFAULT", [16] = "EBUSY",
        [17] = "EEXIST", [18] = "EXDEV", [19] = "ENODEV", [20] = "ENOTDIR", [21] = "EISDIR", [22] = "EINVAL",
        [23] = "ENFILE", [24] = "EMFILE", [28] = "ENOSPC", [34] = "ERANGE", [36] = "ENAMETOOLONG", [38] = "ENOSYS",
        [39] = "ENOTEMPTY", [61] = "ENODATA", [71] = "EPROTO", [74] = "EBADMSG", [75] = "EOVERFLOW",
        [88] = "ENOTSOCK", [90] = "EMSGSIZE", [93] = "EPROTONOSUPPORT", [95] = "EOPNOTSUPP", [97] = "EAFNOSUPPORT",
        [98] = "EADDRINUSE", [99] = "EADDRNOTAVAIL", [100] = "ENETDOWN", [101] = "ENETUNREACH", [105] = "ENOBUFS",
        [110] = "ETIMEDOUT", [111] = "ECONNREFUSED", [113] = "EHOSTUNREACH", [114] = "EALREADY", [524] = "ENOTSUPP",
    };

    /// <summary>The symbolic name, or <c>E?</c> for a number this table does not know.</summary>
    public static string Name(int errno) => Names.TryGetValue(errno, out var name) ? name : "E?";
}
