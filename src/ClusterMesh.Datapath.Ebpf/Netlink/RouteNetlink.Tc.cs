namespace ClusterMesh.Datapath.Ebpf.Netlink;

/// <content>tc: the clsact qdisc and cls_bpf filters in direct-action mode (the fallback where tcx is missing).</content>
public sealed partial class RouteNetlink
{
    /// <summary>The priority and handle <see cref="AttachTcProgram"/> uses.</summary>
    public const ushort DefaultFilterPriority = 1;

    /// <summary>Adds the clsact qdisc to a device; EEXIST when it has one.</summary>
    public void AddClsact(int ifindex) =>
        Execute(ClsactRequest(Nl.RTM_NEWQDISC, Nl.F_CREATE | Nl.F_EXCL, ifindex), $"clsact qdisc ifindex {ifindex}");

    /// <summary>Removes the clsact qdisc and every filter on it.</summary>
    public void DeleteClsact(int ifindex) =>
        Execute(ClsactRequest(Nl.RTM_DELQDISC, 0, ifindex), $"clsact qdisc ifindex {ifindex}");

    /// <summary>Attaches a BPF program (already loaded, type sched_cls) as a direct-action cls_bpf filter.</summary>
    /// <param name="ifindex">The device.</param>
    /// <param name="direction">The clsact hook; the device needs a clsact qdisc (<see cref="AddClsact"/>).</param>
    /// <param name="programFd">The program's file descriptor (the kernel takes its own reference).</param>
    /// <param name="name">A name shown by <c>tc filter show</c>, usually the program's section or function.</param>
    /// <param name="priority">The filter priority (lower runs first).</param>
    /// <param name="handle">The filter handle within the priority.</param>
    /// <param name="replace">Replace a filter with the same priority and handle instead of failing with EEXIST.</param>
    public void AttachBpfFilter(int ifindex, TcDirection direction, int programFd, string name, ushort priority = DefaultFilterPriority, uint handle = 1, bool replace = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(programFd);
        var header = FilterHeader(ifindex, direction, priority, handle);
        var request = Request(Nl.RTM_NEWTFILTER, (ushort)(Nl.F_CREATE | (replace ? Nl.F_REPLACE : Nl.F_EXCL))).Struct(header).String(Tc.TCA_KIND, "bpf");
        var options = request.BeginNested(Tc.TCA_OPTIONS);
        request.U32(Tc.TCA_BPF_FD, (uint)programFd).String(Tc.TCA_BPF_NAME, name).U32(Tc.TCA_BPF_FLAGS, Tc.TCA_BPF_FLAG_ACT_DIRECT);
        request.EndNested(options);
        Execute(request, $"bpf filter {name} {DirectionName(direction)} ifindex {ifindex} prio {priority} handle {handle}");
    }

    /// <summary>
    /// The whole tc fallback in one call, for an <c>IProgramAttacher</c>: ensures the clsact qdisc and attaches
    /// (or replaces) the program at <see cref="DefaultFilterPriority"/>, handle 1.
    /// </summary>
    public void AttachTcProgram(int ifindex, TcDirection direction, int programFd, string name)
    {
        try
        {
            AddClsact(ifindex);
        }
        catch (NetlinkException e) when (e.Errno == 17)
        {
            // The device has its clsact qdisc already (another hook or an earlier attach).
        }

        AttachBpfFilter(ifindex, direction, programFd, name, DefaultFilterPriority, 1, replace: true);
    }

    /// <summary>Undoes <see cref="AttachTcProgram"/>: removes its filter; false when there was none (the qdisc stays).</summary>
    public bool DetachTcProgram(int ifindex, TcDirection direction)
    {
        try
        {
            DeleteFilter(ifindex, direction, DefaultFilterPriority, 1);
            return true;
        }
        catch (NetlinkException e) when (e.Errno is 2 or 22)
        {
            // ENOENT: no such filter; EINVAL: no clsact qdisc (so no filter either).
            return false;
        }
    }

    /// <summary>The filters on one clsact hook of a device.</summary>
    public IReadOnlyList<TcFilterInfo> ListFilters(int ifindex, TcDirection direction)
    {
        var parent = direction == TcDirection.Ingress ? Tc.IngressParent : Tc.EgressParent;
        return _socket.Dump(() => DumpRequest(Nl.RTM_GETTFILTER).Struct(new TcMsg { Index = ifindex, Parent = parent }), $"filters {DirectionName(direction)} ifindex {ifindex}")
            .Where(m => m.Type == Nl.RTM_NEWTFILTER && m.Header<TcMsg>().Handle != 0)
            .Select(m =>
            {
                var header = m.Header<TcMsg>();
                var attributes = m.Attributes<TcMsg>();
                var options = attributes.Nested(Tc.TCA_OPTIONS);
                return new TcFilterInfo(
                    header.Index,
                    direction,
                    (ushort)(header.Info >> 16),
                    header.Handle,
                    attributes.String(Tc.TCA_KIND) ?? string.Empty,
                    options?.String(Tc.TCA_BPF_NAME),
                    options?.U32(Tc.TCA_BPF_ID) ?? 0,
                    ((options?.U32(Tc.TCA_BPF_FLAGS) ?? 0) & Tc.TCA_BPF_FLAG_ACT_DIRECT) != 0);
            })
            .ToList();
    }

    /// <summary>Deletes one filter by priority and handle.</summary>
    public void DeleteFilter(int ifindex, TcDirection direction, ushort priority = DefaultFilterPriority, uint handle = 1)
    {
        var request = Request(Nl.RTM_DELTFILTER).Struct(FilterHeader(ifindex, direction, priority, handle)).String(Tc.TCA_KIND, "bpf");
        Execute(request, $"bpf filter {DirectionName(direction)} ifindex {ifindex} prio {priority} handle {handle}");
    }

    private static NetlinkMessageWriter ClsactRequest(ushort type, ushort flags, int ifindex) =>
        Request(type, flags)
            .Struct(new TcMsg { Index = ifindex, Handle = Tc.ClsactHandle, Parent = Tc.ClsactParent })
            .String(Tc.TCA_KIND, "clsact");

    private static TcMsg FilterHeader(int ifindex, TcDirection direction, ushort priority, uint handle) => new()
    {
        Index = ifindex,
        Handle = handle,
        Parent = direction == TcDirection.Ingress ? Tc.IngressParent : Tc.EgressParent,
        Info = ((uint)priority << 16) | Tc.EthPAllNetworkOrder,
    };

    private static string DirectionName(TcDirection direction) => direction == TcDirection.Ingress ? "ingress" : "egress";
}
