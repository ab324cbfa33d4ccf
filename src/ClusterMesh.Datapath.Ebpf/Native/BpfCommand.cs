namespace ClusterMesh.Datapath.Ebpf.Native;

/// <summary>The <c>bpf(2)</c> commands this package issues (values of <c>enum bpf_cmd</c>).</summary>
public enum BpfCommand
{
    /// <summary>BPF_MAP_CREATE.</summary>
    MapCreate = 0,

    /// <summary>BPF_MAP_LOOKUP_ELEM.</summary>
    MapLookupElem = 1,

    /// <summary>BPF_MAP_UPDATE_ELEM.</summary>
    MapUpdateElem = 2,

    /// <summary>BPF_MAP_DELETE_ELEM.</summary>
    MapDeleteElem = 3,

    /// <summary>BPF_MAP_GET_NEXT_KEY.</summary>
    MapGetNextKey = 4,

    /// <summary>BPF_PROG_LOAD.</summary>
    ProgLoad = 5,

    /// <summary>BPF_OBJ_PIN.</summary>
    ObjPin = 6,

    /// <summary>BPF_OBJ_GET.</summary>
    ObjGet = 7,

    /// <summary>BPF_PROG_TEST_RUN.</summary>
    ProgTestRun = 10,

    /// <summary>BPF_OBJ_GET_INFO_BY_FD.</summary>
    ObjGetInfoByFd = 15,

    /// <summary>BPF_PROG_QUERY.</summary>
    ProgQuery = 16,

    /// <summary>BPF_LINK_CREATE.</summary>
    LinkCreate = 28,

    /// <summary>BPF_LINK_UPDATE.</summary>
    LinkUpdate = 29,

    /// <summary>BPF_LINK_DETACH.</summary>
    LinkDetach = 34,
}
