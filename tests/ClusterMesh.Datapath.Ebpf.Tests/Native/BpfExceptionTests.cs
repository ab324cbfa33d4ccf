using ClusterMesh.Datapath.Ebpf.Native;

namespace ClusterMesh.Datapath.Ebpf.Tests.Native;

public sealed class BpfExceptionTests
{
    [Fact]
    public void The_message_names_the_command_the_errno_and_the_object()
    {
        var exception = new BpfException(BpfCommand.MapCreate, Errno.EINVAL, "cm_ipcache");

        Assert.Equal("bpf MapCreate on cm_ipcache: EINVAL (22)", exception.Message);
        Assert.Equal("EINVAL", exception.ErrnoName);
        Assert.False(exception.IsPermissionDenied);
    }

    [Theory]
    [InlineData(Errno.EPERM)]
    [InlineData(Errno.EACCES)]
    public void Permission_errors_say_which_capabilities_are_needed_in_one_line(int errno)
    {
        var exception = new BpfException(BpfCommand.ProgLoad, errno, "from_container");

        Assert.True(exception.IsPermissionDenied);
        Assert.EndsWith("needs CAP_BPF and CAP_NET_ADMIN (run as root)", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', exception.Message);
    }

    [Fact]
    public void Unknown_errnos_are_shown_by_number()
        => Assert.Equal("bpf LinkCreate: errno 250 (250)", new BpfException(BpfCommand.LinkCreate, 250, null).Message);

    [Fact]
    public void A_verifier_exception_carries_the_program_name_and_the_log()
    {
        var exception = new BpfVerifierException("from_netdev", Errno.EACCES, "0: (95) exit\nR0 !read_ok\n");

        Assert.Contains("from_netdev", exception.Message, StringComparison.Ordinal);
        Assert.Contains("R0 !read_ok", exception.Message, StringComparison.Ordinal);
        Assert.Equal(BpfCommand.ProgLoad, exception.Command);
        Assert.IsAssignableFrom<BpfException>(exception);
    }

    [Fact]
    public void A_huge_verifier_log_keeps_its_end_in_the_message_and_all_of_it_in_the_property()
    {
        var log = new string('x', 100_000) + "\nthe verdict\n";
        var exception = new BpfVerifierException("p", Errno.EINVAL, log);

        Assert.EndsWith("the verdict", exception.Message, StringComparison.Ordinal);
        Assert.True(exception.Message.Length < 40_000);
        Assert.Equal(log, exception.VerifierLog);
    }
}
