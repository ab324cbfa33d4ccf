using System.Buffers.Binary;
using System.Net;
using ClusterMesh.Datapath.Ebpf.Netlink;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Datapath.Ebpf.Tests.Netlink;

public sealed class NetlinkEncodingTests
{
    [Fact]
    public void Header_carries_length_type_flags_and_sequence()
    {
        var writer = new NetlinkMessageWriter(Nl.RTM_NEWLINK, Nl.F_REQUEST | Nl.F_ACK).Struct(new IfInfoMsg { Index = 7 }).String(Ifla.IFNAME, "cm0");

        var bytes = writer.Finish(42).ToArray();

        Assert.Equal(16 + 16 + 8, bytes.Length); // header, ifinfomsg, "cm0\0" attribute (4 + 4)
        Assert.Equal((uint)bytes.Length, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        var message = Assert.Single(NetlinkMessage.Parse(bytes));
        Assert.Equal((Nl.RTM_NEWLINK, (ushort)(Nl.F_REQUEST | Nl.F_ACK), 42u), (message.Type, message.Flags, message.Sequence));
        Assert.Equal(7, message.Header<IfInfoMsg>().Index);
        Assert.Equal("cm0", message.Attributes<IfInfoMsg>().String(Ifla.IFNAME));
    }

    [Fact]
    public void Nested_attributes_round_trip_with_network_order_port()
    {
        var writer = new NetlinkMessageWriter(Nl.RTM_NEWLINK, Nl.F_REQUEST).Struct(new IfInfoMsg());
        var linkInfo = writer.BeginNested(Ifla.LINKINFO);
        writer.String(Ifla.INFO_KIND, "vxlan");
        var data = writer.BeginNested(Ifla.INFO_DATA);
        writer.U8(Ifla.VXLAN_COLLECT_METADATA, 1).Be16(Ifla.VXLAN_PORT, 8472).Address(Ifla.VXLAN_LOCAL, IPAddress.Parse("192.168.1.11"));
        writer.EndNested(data);
        writer.EndNested(linkInfo);

        var bytes = writer.Finish(1).ToArray();
        var info = NetlinkMessage.Parse(bytes)[0].Attributes<IfInfoMsg>().Nested(Ifla.LINKINFO)!;
        var vxlan = info.Nested(Ifla.INFO_DATA)!;

        Assert.Equal("vxlan", info.String(Ifla.INFO_KIND));
        Assert.Equal((byte)1, vxlan.U8(Ifla.VXLAN_COLLECT_METADATA));
        Assert.Equal((ushort)8472, vxlan.Be16(Ifla.VXLAN_PORT));
        Assert.Equal(new byte[] { 0x21, 0x18 }, vxlan.Bytes(Ifla.VXLAN_PORT)!.Value.ToArray());
        Assert.Equal(IPAddress.Parse("192.168.1.11"), vxlan.Address(Ifla.VXLAN_LOCAL));
    }

    [Property]
    public Property Attributes_of_any_size_round_trip_aligned(NonEmptyArray<byte[]> payloads)
    {
        var values = payloads.Get.Select(p => p ?? []).Where(p => p.Length < 1000).ToArray();
        var writer = new NetlinkMessageWriter(Nl.RTM_NEWADDR, Nl.F_REQUEST).Struct(new IfAddrMsg());
        for (var i = 0; i < values.Length; i++)
        {
            writer.Attribute((ushort)(i + 1), values[i]);
        }

        var bytes = writer.Finish(3).ToArray();
        var attributes = NetlinkMessage.Parse(bytes)[0].Attributes<IfAddrMsg>();
        return (bytes.Length % 4 == 0
                && values.Select((v, i) => attributes.Bytes((ushort)(i + 1))!.Value.ToArray().SequenceEqual(v)).All(ok => ok))
            .ToProperty();
    }

    [Fact]
    public void Several_messages_in_one_datagram_are_split()
    {
        var first = new NetlinkMessageWriter(Nl.RTM_NEWLINK, Nl.F_MULTI).Struct(new IfInfoMsg { Index = 1 }).String(Ifla.IFNAME, "lo").Finish(9).ToArray();
        var second = new NetlinkMessageWriter(Nl.NLMSG_DONE, Nl.F_MULTI).Struct(0).Finish(9).ToArray();

        var messages = NetlinkMessage.Parse([.. first, .. second]);

        Assert.Equal([Nl.RTM_NEWLINK, Nl.NLMSG_DONE], messages.Select(m => m.Type));
    }

    [Fact]
    public void Truncated_message_is_rejected()
    {
        var bytes = new NetlinkMessageWriter(Nl.RTM_NEWLINK, 0).Struct(new IfInfoMsg()).Finish(1).ToArray();

        Assert.Throws<InvalidDataException>(() => NetlinkMessage.Parse(bytes.AsSpan(0, bytes.Length - 4)));
    }

    [Fact]
    public void Error_message_yields_errno_and_extended_ack_text()
    {
        // struct nlmsgerr { int error; struct nlmsghdr msg; } then NLMSGERR_ATTR_MSG, with the request capped.
        var writer = new NetlinkMessageWriter(Nl.NLMSG_ERROR, Nl.F_CAPPED | Nl.F_ACK_TLVS).Struct(-17).Struct(new NlMsgHdr { Length = 64, Type = Nl.RTM_NEWLINK });
        writer.String(Nl.NLMSGERR_ATTR_MSG, "File exists");
        var message = NetlinkMessage.Parse(writer.Finish(5))[0];

        var (errno, text) = NetlinkSocket.ReadError(message);

        Assert.Equal((17, "File exists"), (errno, text));
    }

    [Fact]
    public void Exception_names_operation_object_and_errno()
    {
        var e = new NetlinkException("RTM_NEWLINK", "vxlan cm-vx0", 17);

        Assert.Equal("RTM_NEWLINK vxlan cm-vx0: EEXIST (17)", e.Message);
        Assert.Equal(("EEXIST", 17), (e.ErrnoName, e.Errno));
        Assert.EndsWith("EEXIST (17): File exists", new NetlinkException("RTM_NEWLINK", "veth a", 17, "File exists").Message);
    }
}
