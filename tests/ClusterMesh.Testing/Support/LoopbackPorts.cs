using System.Net;
using System.Net.Sockets;

namespace ClusterMesh.Testing.Support;

/// <summary>
/// Hands out loopback TCP ports for servers a test starts itself (etcd members), none twice in one process.
/// </summary>
/// <remarks>
/// Asking the kernel for port 0 and closing the socket hands out a port from the ephemeral range; the kernel may
/// then give that same port to any outgoing connection (another test's client, an etcd peer link) before the
/// server binds it, or after a test killed the server and restarts it on the same port: "bind: address already in
/// use". Ports below the ephemeral range are never chosen for outgoing connections, so a port that is free here
/// stays free for the server unless another process listens on it, which the bind check below sees.
/// </remarks>
public static class LoopbackPorts
{
    private const int Lowest = 10000;
    private const int Highest = 65535;
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>The kernel's ephemeral port range (Linux's default when it cannot be read).</summary>
    public static (int Low, int High) Ephemeral { get; } = ReadEphemeralRange("/proc/sys/net/ipv4/ip_local_port_range");

    // After Ephemeral: static initializers run in the order they are written. A machine whose ephemeral range
    // leaves fewer than 1000 ports outside it uses every port.
    private static readonly bool AvoidEphemeral = Ephemeral.Low - Lowest + (Highest - Ephemeral.High) >= 1000;
    private static int _next = RandomStart();

    /// <summary>A port free on 127.0.0.1 right now, outside the ephemeral range, not handed out before.</summary>
    public static int Reserve()
    {
        lock (Gate)
        {
            for (int tried = 0; tried <= Highest - Lowest; tried++)
            {
                int port = _next;
                _next = port == Highest ? Lowest : port + 1;
                bool ephemeral = port >= Ephemeral.Low && port <= Ephemeral.High;
                if ((AvoidEphemeral && ephemeral) || HandedOut.Contains(port) || !CanListen(port))
                {
                    continue;
                }

                HandedOut.Add(port);
                return port;
            }

            throw new InvalidOperationException($"no free loopback port in {Lowest}-{Highest}");
        }
    }

    /// <summary>A random first port outside the ephemeral range, uniform over those ports, so two test processes
    /// rarely start at the same one (a start inside the range would move to the port after it).</summary>
    private static int RandomStart()
    {
        if (!AvoidEphemeral)
        {
            return Lowest + Random.Shared.Next(Highest - Lowest + 1);
        }

        int below = Math.Max(0, Ephemeral.Low - Lowest);
        int above = Math.Max(0, Highest - Ephemeral.High);
        int pick = Random.Shared.Next(below + above);
        return pick < below ? Lowest + pick : Ephemeral.High + 1 + (pick - below);
    }

    private static (int Low, int High) ReadEphemeralRange(string path)
    {
        string[] parts = File.Exists(path) ? File.ReadAllText(path).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) : [];
        return parts.Length == 2 && int.TryParse(parts[0], out int low) && int.TryParse(parts[1], out int high) && low <= high
            ? (low, high)
            : (32768, 60999);
    }

    private static bool CanListen(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
