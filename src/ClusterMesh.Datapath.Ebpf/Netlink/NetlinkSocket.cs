using System.Buffers.Binary;

namespace ClusterMesh.Datapath.Ebpf.Netlink;

/// <summary>
/// An AF_NETLINK/NETLINK_ROUTE socket in the network namespace of the thread that opened it. One request at a time:
/// each gets the next sequence number and the answer is read until its ack (<c>NLMSG_ERROR</c>) or, for dumps,
/// <c>NLMSG_DONE</c>; messages carrying another sequence number (late answers) are skipped.
/// </summary>
internal sealed unsafe class NetlinkSocket : IDisposable
{
    private const int ReceiveBufferSize = 1 << 18;
    private const int DumpAttempts = 5;
    private readonly Lock _lock = new();
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];
    private int _fd;
    private uint _sequence = (uint)Environment.TickCount;

    public NetlinkSocket()
    {
        _fd = NetlinkInterop.socket(NetlinkInterop.AF_NETLINK, NetlinkInterop.SOCK_RAW | NetlinkInterop.SOCK_CLOEXEC, NetlinkInterop.NETLINK_ROUTE);
        if (_fd < 0)
        {
            throw new NetlinkException("socket", "AF_NETLINK/NETLINK_ROUTE", NetlinkInterop.LastErrno);
        }

        try
        {
            Span<byte> address = stackalloc byte[12];
            address.Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(address, NetlinkInterop.AF_NETLINK);
            fixed (byte* pointer = address)
            {
                if (NetlinkInterop.bind(_fd, pointer, (uint)address.Length) != 0)
                {
                    throw new NetlinkException("bind", "AF_NETLINK socket", NetlinkInterop.LastErrno);
                }
            }

            // Both are best effort: extended acks add the kernel's explanation, capped acks keep errors small.
            var one = 1;
            _ = NetlinkInterop.setsockopt(_fd, NetlinkInterop.SOL_NETLINK, NetlinkInterop.NETLINK_EXT_ACK, &one, sizeof(int));
            _ = NetlinkInterop.setsockopt(_fd, NetlinkInterop.SOL_NETLINK, NetlinkInterop.NETLINK_CAP_ACK, &one, sizeof(int));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Sends a request with <c>NLM_F_ACK</c> and returns the messages answered before the ack.</summary>
    public List<NetlinkMessage> Execute(NetlinkMessageWriter request, string target)
    {
        lock (_lock)
        {
            var sequence = SendLocked(request, target);
            return ReceiveLocked(sequence, request.Type, target, out _);
        }
    }

    /// <summary>Sends a dump request and returns every answer; retries when the kernel marks the dump interrupted.</summary>
    public List<NetlinkMessage> Dump(Func<NetlinkMessageWriter> request, string target)
    {
        lock (_lock)
        {
            for (var attempt = 1; ; attempt++)
            {
                var writer = request();
                var sequence = SendLocked(writer, target);
                var messages = ReceiveLocked(sequence, writer.Type, target, out var interrupted);
                if (!interrupted)
                {
                    return messages;
                }

                if (attempt == DumpAttempts)
                {
                    throw new NetlinkException(Nl.MessageName(writer.Type), target, NetlinkInterop.EINTR, "dump kept changing");
                }
            }
        }
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = NetlinkInterop.close(fd);
        }
    }

    private uint SendLocked(NetlinkMessageWriter request, string target)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        var sequence = ++_sequence;
        var bytes = request.Finish(sequence);
        fixed (byte* pointer = bytes)
        {
            nint sent;
            do
            {
                sent = NetlinkInterop.send(_fd, pointer, (nuint)bytes.Length, 0);
            }
            while (sent < 0 && NetlinkInterop.LastErrno == NetlinkInterop.EINTR);

            if (sent < 0)
            {
                throw new NetlinkException(Nl.MessageName(request.Type), target, NetlinkInterop.LastErrno, "send failed");
            }
        }

        return sequence;
    }

    private List<NetlinkMessage> ReceiveLocked(uint sequence, ushort requestType, string target, out bool interrupted)
    {
        var answers = new List<NetlinkMessage>();
        interrupted = false;
        while (true)
        {
            foreach (var message in NetlinkMessage.Parse(ReceiveDatagram(requestType, target)))
            {
                if (message.Sequence != sequence)
                {
                    continue;
                }

                interrupted |= (message.Flags & Nl.F_DUMP_INTR) != 0;
                switch (message.Type)
                {
                    case Nl.NLMSG_ERROR:
                    case Nl.NLMSG_DONE:
                        var (errno, text) = ReadError(message);
                        return errno == 0 ? answers : throw new NetlinkException(Nl.MessageName(requestType), target, errno, text);
                    case Nl.NLMSG_NOOP:
                        break;
                    case Nl.NLMSG_OVERRUN:
                        throw new NetlinkException(Nl.MessageName(requestType), target, 105, "receive overrun");
                    default:
                        answers.Add(message);
                        break;
                }
            }
        }
    }

    private ReadOnlySpan<byte> ReceiveDatagram(ushort requestType, string target)
    {
        fixed (byte* pointer = _receiveBuffer)
        {
            while (true)
            {
                var received = NetlinkInterop.recv(_fd, pointer, (nuint)_receiveBuffer.Length, 0);
                if (received >= 0)
                {
                    return _receiveBuffer.AsSpan(0, (int)received);
                }

                if (NetlinkInterop.LastErrno != NetlinkInterop.EINTR)
                {
                    throw new NetlinkException(Nl.MessageName(requestType), target, NetlinkInterop.LastErrno, "recv failed");
                }
            }
        }
    }

    /// <summary>
    /// Reads <c>struct nlmsgerr</c> (a negative errno, then the request's header, then extended-ack attributes
    /// when <c>NLM_F_ACK_TLVS</c> is set) or the errno a <c>NLMSG_DONE</c> may carry.
    /// </summary>
    internal static (int Errno, string? Text) ReadError(NetlinkMessage message)
    {
        var payload = message.Payload.Span;
        var errno = payload.Length >= 4 ? -BinaryPrimitives.ReadInt32LittleEndian(payload) : 0;
        if (message.Type != Nl.NLMSG_ERROR || errno == 0 || (message.Flags & Nl.F_ACK_TLVS) == 0 || payload.Length < 20)
        {
            return (errno, null);
        }

        // With NLM_F_CAPPED only the request's 16-byte header is echoed; otherwise the whole request is.
        var echoed = (message.Flags & Nl.F_CAPPED) != 0
            ? 16
            : NetlinkMessageWriter.Align((int)BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]));
        var start = 4 + echoed;
        if (start > payload.Length)
        {
            return (errno, null);
        }

        var attributes = NetlinkAttributes.Parse(message.Payload[start..]);
        return (errno, attributes.String(Nl.NLMSGERR_ATTR_MSG));
    }
}
