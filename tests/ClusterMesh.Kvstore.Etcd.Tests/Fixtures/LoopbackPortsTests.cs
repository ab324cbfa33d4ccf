using System.Net;
using System.Net.Sockets;
using ClusterMesh.Testing.Support;

namespace ClusterMesh.Kvstore.Etcd.Tests.Fixtures;

/// <summary>The ports the etcd fixtures listen on: free, distinct, and never ones the kernel lends to clients.</summary>
public sealed class LoopbackPortsTests
{
    [Fact]
    public void Reserved_ports_are_distinct_listenable_and_outside_the_ephemeral_range()
    {
        var ports = Enumerable.Range(0, 200).Select(_ => LoopbackPorts.Reserve()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.DoesNotContain(ports, p => p >= LoopbackPorts.Ephemeral.Low && p <= LoopbackPorts.Ephemeral.High);
        foreach (int port in ports.Take(20))
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
    }

    [Fact]
    public void A_port_another_socket_listens_on_is_skipped()
    {
        // Occupy the next few candidates; Reserve walks upwards from where it stopped, so it must step over them.
        int probe = LoopbackPorts.Reserve();
        var occupied = new List<TcpListener>();
        try
        {
            for (int port = probe + 1; port <= Math.Min(probe + 5, 65535); port++)
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                try
                {
                    listener.Start();
                    occupied.Add(listener);
                }
                catch (SocketException)
                {
                    listener.Dispose();
                }
            }

            int next = LoopbackPorts.Reserve();
            Assert.DoesNotContain(occupied, l => ((IPEndPoint)l.LocalEndpoint).Port == next);
        }
        finally
        {
            occupied.ForEach(l => l.Dispose());
        }
    }
}
