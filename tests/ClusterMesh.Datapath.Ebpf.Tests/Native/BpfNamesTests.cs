using ClusterMesh.Datapath.Ebpf.Native;

namespace ClusterMesh.Datapath.Ebpf.Tests.Native;

public sealed class BpfNamesTests
{
    [Theory]
    [InlineData("cm_ipcache", "cm_ipcache")]
    [InlineData(".rodata", ".rodata")]
    [InlineData("from_container_long_name", "from_container_")]
    [InlineData("a-b/c", "a_b_c")]
    public void Names_are_truncated_to_15_bytes_of_allowed_characters(string name, string expected)
    {
        var buffer = new byte[BpfNames.ObjectNameLength];
        buffer.AsSpan().Fill(0xFF);

        BpfNames.Write(name, buffer);

        var end = Array.IndexOf(buffer, (byte)0);
        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(buffer, 0, end));
        Assert.All(buffer[end..], b => Assert.Equal(0, b));
    }
}
