using System.Buffers.Binary;
using System.Net;

namespace ClusterMesh.Datapath.Ebpf.Tests.Differential;

/// <summary>Minimal frames for test runs.</summary>
internal static class Packets
{
    /// <summary>Ethernet + IPv4 + UDP header (8 bytes of payload-less UDP).</summary>
    public static byte[] Udp(IPAddress source, IPAddress destination)
    {
        var frame = new byte[14 + 20 + 8];
        frame[0] = 0x02; // destination MAC 02:..
        frame[6] = 0x02; // source MAC 02:..
        frame[5] = 1;
        frame[11] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        var ip = frame.AsSpan(14);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], 28);
        ip[8] = 64;
        ip[9] = 17;
        source.TryWriteBytes(ip[12..], out _);
        destination.TryWriteBytes(ip[16..], out _);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip[..20]));
        BinaryPrimitives.WriteUInt16BigEndian(ip[20..], 40000);
        BinaryPrimitives.WriteUInt16BigEndian(ip[22..], 7000);
        BinaryPrimitives.WriteUInt16BigEndian(ip[24..], 8);
        return frame;
    }

    private static ushort Checksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (var i = 0; i < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }

        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
