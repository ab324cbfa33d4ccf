using ClusterMesh.Agent.Run;

namespace ClusterMesh.Agent.Tests.Run;

public sealed class ManifestFingerprintTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cm-fingerprint-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Deleting_or_adding_a_manifest_changes_the_fingerprint_and_other_files_do_not()
    {
        File.WriteAllText(Path.Combine(_dir, "pod-a.yaml"), "kind: Pod\n");
        File.WriteAllText(Path.Combine(_dir, "pod-b.yaml"), "kind: Pod\n");
        var before = ManifestFingerprint.Of(_dir);

        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "not a manifest");
        Assert.Equal(before, ManifestFingerprint.Of(_dir));

        File.Delete(Path.Combine(_dir, "pod-b.yaml"));
        var afterDelete = ManifestFingerprint.Of(_dir);
        Assert.NotEqual(before, afterDelete);

        File.WriteAllText(Path.Combine(_dir, "pod-c.yml"), "kind: Pod\n");
        Assert.NotEqual(afterDelete, ManifestFingerprint.Of(_dir));
    }
}
