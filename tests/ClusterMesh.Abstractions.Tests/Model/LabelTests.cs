using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Abstractions.Tests.Model;

public sealed class LabelTests
{
    [Theory]
    [InlineData("k8s:app=web", "k8s", "app", "web")]
    [InlineData("reserved:host", "reserved", "host", "")]
    [InlineData("reserved:host=", "reserved", "host", "")]
    [InlineData("app=web", "unspec", "app", "web")]
    [InlineData("k8s:a=b=c", "k8s", "a", "b=c")]
    [InlineData("k8s:io.kubernetes.pod.namespace=default", "k8s", "io.kubernetes.pod.namespace", "default")]
    [InlineData("cidr:10.0.0.0/8=", "cidr", "10.0.0.0/8", "")]
    public void Parses_source_key_and_value(string text, string source, string key, string value)
    {
        var label = Label.Parse(text);

        Assert.Equal(new Label(source, key, value), label);
        Assert.Equal($"{source}:{key}={value}", label.ToString());
    }

    [Fact]
    public void Kvstore_form_is_sorted_by_key_like_Cilium()
    {
        // By the whole text "k8s:zone" would sort before "reserved:app"; Cilium sorts by key.
        var set = LabelSet.From([new Label("k8s", "zone", "a"), new Label("reserved", "app", ""), new Label("k8s", "b", "1")]);

        Assert.Equal("reserved:app=;k8s:b=1;k8s:zone=a;", set.ToKvStoreForm());
        Assert.Equal(["app", "b", "zone"], set.Select(l => l.Key));
    }

    [Fact]
    public void Kvstore_form_round_trips_the_vector_labels()
    {
        const string text = "k8s:app=baz;k8s:io.cilium.k8s.policy.cluster=cluster3;k8s:io.kubernetes.pod.namespace=bar;";
        var set = LabelSet.ParseKvStoreForm(text);

        Assert.Equal(3, set.Count);
        Assert.Equal(text, set.ToKvStoreForm());
        Assert.Equal("cluster3", set.ValueOf(Label.ClusterKey));
        Assert.Equal(set, LabelSet.ParseKvStoreForm("k8s:io.kubernetes.pod.namespace=bar;k8s:app=baz;k8s:io.cilium.k8s.policy.cluster=cluster3"));
    }

    [Fact]
    public void Later_label_with_the_same_key_wins()
    {
        var set = LabelSet.From([new Label("k8s", "app", "a"), new Label("k8s", "app", "b")]);

        Assert.Equal("k8s:app=b;", set.ToKvStoreForm());
    }

    [Theory]
    [InlineData("app=web;")]
    [InlineData("k8s:=web;")]
    [InlineData(":app=web;")]
    [InlineData("k8s:app;")]
    [InlineData("k8s:app=a;k8s:app=b;")]
    public void Strict_kvstore_parse_rejects_what_Cilium_never_writes(string text) =>
        Assert.False(LabelSet.TryParseKvStoreForm(text, out _));

    [Fact]
    public void Sets_compare_by_content()
    {
        var a = LabelSet.From("k8s", new Dictionary<string, string> { ["x"] = "1", ["y"] = "2" });
        var b = LabelSet.ParseKvStoreForm("k8s:y=2;k8s:x=1;");

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, LabelSet.Empty);
        Assert.Null(a["z"]);
    }
}
