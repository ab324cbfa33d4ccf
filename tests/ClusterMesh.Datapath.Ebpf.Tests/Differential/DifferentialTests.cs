using System.Buffers.Binary;
using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Datapath.Ebpf.Elf;
using ClusterMesh.Datapath.Ebpf.Programs;
using ClusterMesh.Datapath.Ebpf.Tests.Support;
using ClusterMesh.Datapath.Simulation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Datapath.Ebpf.Tests.Differential;

/// <summary>
/// Differential test (issue 6 item 7): one mesh state written to a <see cref="SimulatedDatapath"/> and to the
/// kernel maps; every generated packet a local pod sends gets the path the Simulation predicts from
/// <c>from_container</c>, observed as the one <c>cm_counters</c> slot it bumps and its return code
/// (BPF_PROG_TEST_RUN in a namespace of the test's, whose FIB holds the direct routes and their neighbours).
/// </summary>
/// <remarks>
/// Agreed correspondence: a destination the ipcache does not know leaves the mesh — the Simulation drops it
/// (DestinationUnknown, it does not model the host stack) and the program passes it to the stack. Outside the
/// domain: addresses of this node's own pod CIDR that are neither endpoints nor in the ipcache (the Simulation
/// drops them as NoSuchEndpoint from its pod CIDR list, which the program does not have: the kernel's /32 pod
/// routes decide). The tunnel target and next hop are not observable through a test run; eng/e2e.sh checks that
/// the packets arrive at the right node.
/// </remarks>
[RequiresBpf]
public sealed class DifferentialTests : IDisposable
{
    private const uint Redirect = 7; // TC_ACT_REDIRECT
    private const uint Shot = 2;
    private const uint Ok = 0;
    private readonly TempPinDirectory _pins = new();
    private readonly TestNetns _netns = new();
    private World? _world;

    public DifferentialTests()
    {
        try
        {
            Plumb();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private void Plumb()
    {
        // No dummy devices on this kernel: veth pairs with both ends in the namespace.
        _netns.IpIn("link", "add", "eth0", "type", "veth", "peer", "name", "eth0p");
        _netns.IpIn("addr", "add", "192.168.50.1/16", "dev", "eth0");
        _netns.IpIn("link", "set", "eth0", "up");
        _netns.IpIn("link", "set", "eth0p", "up");
        _netns.IpIn("link", "add", "pod0", "type", "veth", "peer", "name", "pod0p");
        _netns.IpIn("link", "set", "pod0", "up");
        _netns.IpIn("link", "set", "pod0p", "up");
        _netns.Run(() =>
        {
            File.WriteAllText("/proc/sys/net/ipv4/conf/all/forwarding", "1");
            File.WriteAllText("/proc/sys/net/ipv4/conf/pod0/forwarding", "1");
            return 0;
        });
        foreach (var node in new[] { MeshState.NodeB, MeshState.NodeC })
        {
            _netns.IpIn("neigh", "add", node.ToString(), "lladdr", "02:00:00:00:00:0" + node.GetAddressBytes()[3], "dev", "eth0", "nud", "permanent");
        }

        // The kernel side of auto-direct-node-routes (EbpfNode installs these along with cm_routes).
        _netns.IpIn("route", "add", "10.50.2.0/24", "via", MeshState.NodeB.ToString(), "dev", "eth0");
        _netns.IpIn("route", "add", "10.51.3.0/24", "via", MeshState.NodeC.ToString(), "dev", "eth0");
    }

    public void Dispose()
    {
        _world?.Dispose();
        _netns.Dispose();
        _pins.Dispose();
    }

    [Property(MaxTest = 60)]
    public Property Tunnel_mode_paths_agree(byte source, byte destination, uint random) => Agree(RoutingMode.Tunnel, source, destination, random);

    [Property(MaxTest = 60)]
    public Property Direct_mode_paths_agree(byte source, byte destination, uint random) => Agree(RoutingMode.Direct, source, destination, random);

    [Property(MaxTest = 60)]
    public Property Hybrid_mode_paths_agree(byte source, byte destination, uint random) => Agree(RoutingMode.Hybrid, source, destination, random);

    [Fact]
    public void Every_path_kind_is_exercised_by_the_fixed_addresses()
    {
        var kinds = new HashSet<string>();
        using var world = World.Create(RoutingMode.Hybrid, _pins.Path, _netns);
        foreach (var destination in MeshState.Addresses)
        {
            var (expected, actual) = world.Compare(MeshState.Endpoints[0].Address, destination);
            Assert.Equal(expected, actual);
            kinds.Add(actual);
        }

        kinds.Add(world.Compare(IPAddress.Parse("10.50.1.77"), MeshState.Endpoints[1].Address).Actual);
        Assert.Superset(new HashSet<string> { "LocalDelivery", "TunnelTx", "DirectTx", "PassToStack", "DropNoRoute", "DropUnknownSource" }, kinds);
    }

    private Property Agree(RoutingMode mode, byte source, byte destination, uint random)
    {
        // Sources: the two endpoints and a spoofed address; destinations: the fixed addresses or a random one.
        var from = source % 3 == 2 ? IPAddress.Parse("10.50.1.77") : MeshState.Endpoints[source % 3].Address;
        var to = destination % 4 == 3 ? RandomOutsideLocalCidr(random) : MeshState.Addresses[destination % MeshState.Addresses.Length];
        _world ??= World.Create(mode, _pins.Path, _netns); // one state per test method; FsCheck's runs share it
        var (expected, actual) = _world.Compare(from, to);
        return (expected == actual).Label($"{mode} {from} -> {to}: simulation {expected}, eBPF {actual}");
    }

    private static IPAddress RandomOutsideLocalCidr(uint random)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, random);
        var address = new IPAddress(bytes);
        return MeshState.LocalCidr.Contains(address) ? IPAddress.Parse("10.99.0.1") : address;
    }

    /// <summary>The same state in both datapaths, and the loaded programs over the kernel maps.</summary>
    private sealed class World : IDisposable
    {
        private readonly SimulatedDatapath _simulation;
        private readonly EbpfDatapath _maps;
        private readonly BpfCollection _programs;
        private readonly TestNetns _netns;
        private readonly int _podIfIndex;

        private World(SimulatedDatapath simulation, EbpfDatapath maps, BpfCollection programs, TestNetns netns)
        {
            _simulation = simulation;
            _maps = maps;
            _programs = programs;
            _netns = netns;
            _podIfIndex = netns.IfIndex("pod0");
        }

        public static World Create(RoutingMode mode, string pins, TestNetns netns)
        {
            var simulation = new SimulatedDatapath(new SimulatedNodeOptions
            {
                NodeName = "this", NodeAddress = MeshState.ThisNode, PodCidrs = [MeshState.LocalCidr], RoutingMode = mode,
            });
            var maps = EbpfDatapath.Open(pins, NullLogger.Instance);
            var programs = BpfCollection.Load(DatapathObjects.LoadDatapath(), pins, NullLogger.Instance);
            MeshState.Write(simulation, mode);
            MeshState.Write(maps, mode);
            foreach (var endpoint in MeshState.Endpoints)
            {
                // Attached (ifindex != 0) so the program treats them as local; the pod MAC is irrelevant here.
                maps.Endpoints.Upsert(endpoint with { Attachment = new(netns.IfIndex("pod0"), new([2, 0, 0, 0, 0, 1]), new([2, 0, 0, 0, 0, 2])) });
            }

            maps.WriteConfig(MeshState.ThisNode, netns.IfIndex("eth0"), netns.IfIndex("eth0"));
            return new World(simulation, maps, programs, netns);
        }

        /// <summary>The Simulation's path and the program's, both as a <see cref="DatapathCounter"/> name.</summary>
        public (string Expected, string Actual) Compare(IPAddress source, IPAddress destination)
        {
            var expected = Expected(_simulation.Walk(source, destination));
            var before = _maps.ReadCounters();
            var code = _netns.Run(() => _programs.Programs["from_container"].TestRun(Packets.Udp(source, destination), _podIfIndex));
            var after = _maps.ReadCounters();
            var bumped = after.Where(c => c.Value != before[c.Key]).Select(c => c.Key).ToList();
            var actual = bumped is [var counter] && code == CodeOf(counter) ? counter.ToString() : $"{string.Join('+', bumped)} (code {code})";
            return (expected, actual);
        }

        public void Dispose()
        {
            _programs.Dispose();
            _maps.Dispose();
        }

        private static string Expected(PacketPath path) => (path.Kind switch
        {
            PathKind.LocalDelivery => DatapathCounter.LocalDelivery,
            PathKind.Tunnel => DatapathCounter.TunnelTx,
            PathKind.DirectRoute => DatapathCounter.DirectTx,
            _ => path.DropReason switch
            {
                DropReason.SourceNotLocalEndpoint => DatapathCounter.DropUnknownSource,
                DropReason.DestinationUnknown => DatapathCounter.PassToStack,
                _ => DatapathCounter.DropNoRoute,
            },
        }).ToString();

        private static uint CodeOf(DatapathCounter counter) => counter switch
        {
            DatapathCounter.LocalDelivery or DatapathCounter.TunnelTx or DatapathCounter.DirectTx => Redirect,
            DatapathCounter.PassToStack => Ok,
            _ => Shot,
        };
    }
}
