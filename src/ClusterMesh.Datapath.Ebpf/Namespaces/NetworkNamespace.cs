using System.Runtime.ExceptionServices;
using ClusterMesh.Datapath.Ebpf.Netlink;
using static ClusterMesh.Datapath.Ebpf.Netlink.NetlinkInterop;

namespace ClusterMesh.Datapath.Ebpf.Namespaces;

/// <summary>
/// A named network namespace, as <c>ip netns</c> keeps them: a bind mount of the namespace at
/// <c>/var/run/netns/NAME</c>. The instance holds an open descriptor of it (for <c>setns</c> and for moving devices
/// into it); <see cref="Dispose"/> closes that descriptor, <see cref="Delete(string)"/> removes the namespace.
/// Code runs inside it through <see cref="Run"/> on a dedicated thread, never on the caller's thread, because
/// <c>setns</c> switches only the calling thread.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    /// <summary>The directory <c>ip netns</c> uses for named namespaces.</summary>
    public const string Directory = "/var/run/netns";

    private int _fd;

    private NetworkNamespace(string name, int fd)
    {
        Name = name;
        _fd = fd;
    }

    /// <summary>The namespace's name.</summary>
    public string Name { get; }

    /// <summary>Where the namespace is bind-mounted.</summary>
    public string Path => PathOf(Name);

    /// <summary>The open namespace descriptor (valid until <see cref="Dispose"/>).</summary>
    public int FileDescriptor => _fd >= 0 ? _fd : throw new ObjectDisposedException(nameof(NetworkNamespace), Name);

    /// <summary>Creates a new, empty namespace called <paramref name="name"/> (like <c>ip netns add</c>) and opens it.</summary>
    /// <exception cref="NetlinkException">It exists already (EEXIST) or a system call failed.</exception>
    public static NetworkNamespace Create(string name)
    {
        var path = PathOf(name);
        OnDedicatedThread(() => BindNewNamespace(path));
        return Open(name);
    }

    /// <summary>Opens the existing namespace called <paramref name="name"/>.</summary>
    /// <exception cref="NetlinkException">There is none (ENOENT).</exception>
    public static NetworkNamespace Open(string name)
    {
        var fd = open(PathOf(name), O_RDONLY | O_CLOEXEC, 0);
        return fd >= 0 ? new NetworkNamespace(name, fd) : throw new NetlinkException("open", $"netns {name}", LastErrno);
    }

    /// <summary>Whether a namespace called <paramref name="name"/> exists.</summary>
    public static bool Exists(string name) => File.Exists(PathOf(name));

    /// <summary>The names of every named namespace.</summary>
    public static IReadOnlyList<string> List() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory).Select(System.IO.Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Removes the namespace called <paramref name="name"/> (like <c>ip netns delete</c>); false when there was none.</summary>
    /// <remarks>The namespace itself lives on while a process or an open descriptor still refers to it.</remarks>
    public static bool Delete(string name)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            return false;
        }

        // EINVAL: not a mount point (a stale file left by a crash); unlinking it is still right.
        if (umount2(path, MNT_DETACH) != 0 && LastErrno is not 22 and not 2)
        {
            throw new NetlinkException("umount", $"netns {name}", LastErrno);
        }

        return unlink(path) == 0 || LastErrno == 2 ? true : throw new NetlinkException("unlink", $"netns {name}", LastErrno);
    }

    /// <summary>Runs <paramref name="action"/> on a new thread switched into this namespace and waits for it.</summary>
    public void Run(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Run<object?>(() =>
        {
            action();
            return null;
        });
    }

    /// <summary>Runs <paramref name="function"/> on a new thread switched into this namespace and returns its result.</summary>
    /// <remarks>Exceptions propagate with their original stack. Processes started inside inherit the namespace.</remarks>
    public T Run<T>(Func<T> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var fd = FileDescriptor;
        return OnDedicatedThread(() =>
        {
            if (setns(fd, CLONE_NEWNET) != 0)
            {
                throw new NetlinkException("setns", $"netns {Name}", LastErrno);
            }

            return function();
        });
    }

    /// <summary>Opens an rtnetlink connection inside this namespace (usable from any thread afterwards).</summary>
    public RouteNetlink OpenNetlink() => Run(RouteNetlink.Open);

    /// <summary>Closes the descriptor; the namespace stays until <see cref="Delete(string)"/>.</summary>
    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = close(fd);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"netns {Name}";

    private static string PathOf(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('/') || name is "." or "..")
        {
            throw new ArgumentException($"'{name}' is not a valid namespace name", nameof(name));
        }

        return System.IO.Path.Combine(Directory, name);
    }

    /// <summary>
    /// On the current (dedicated) thread: unshare into a fresh namespace, bind-mount it at <paramref name="path"/>,
    /// then setns back to the thread's original namespace.
    /// </summary>
    private static bool BindNewNamespace(string path)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var original = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC, 0);
        if (original < 0)
        {
            throw new NetlinkException("open", "/proc/thread-self/ns/net", LastErrno);
        }

        try
        {
            var file = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
            if (file < 0)
            {
                throw new NetlinkException("create", path, LastErrno);
            }

            _ = close(file);
            try
            {
                if (unshare(CLONE_NEWNET) != 0)
                {
                    throw new NetlinkException("unshare", "CLONE_NEWNET", LastErrno);
                }

                if (mount("/proc/thread-self/ns/net", path, "none", MS_BIND, 0) != 0)
                {
                    throw new NetlinkException("mount", path, LastErrno);
                }
            }
            catch
            {
                _ = unlink(path);
                throw;
            }

            return true;
        }
        finally
        {
            // The thread ends right after; restoring keeps it correct should it ever be reused.
            _ = setns(original, CLONE_NEWNET);
            _ = close(original);
        }
    }

    private static T OnDedicatedThread<T>(Func<T> function)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = function();
            }
#pragma warning disable CA1031 // Every exception is handed back to the caller's thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = "netns",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
