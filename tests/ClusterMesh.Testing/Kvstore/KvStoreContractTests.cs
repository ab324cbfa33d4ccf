using System.Text;
using ClusterMesh.Abstractions.Kvstore;

namespace ClusterMesh.Testing.Kvstore;

/// <summary>
/// The behaviour every <see cref="IKvStore"/> backend promises. A backend's test project inherits this class and
/// supplies the store and a way to move time. Every test works under its own unique key prefix and asserts only
/// relative revisions, so the suite also runs against one shared real server.
/// </summary>
public abstract partial class KvStoreContractTests : IAsyncLifetime
{
    /// <summary>The store under test (created per test).</summary>
    protected IKvStore Store { get; private set; } = null!;

    /// <summary>A prefix no other test uses.</summary>
    protected string Prefix { get; } = $"contract/{Guid.NewGuid():N}/";

    /// <summary>The lease time to live the lease tests use (small; etcd rounds up to its minimum).</summary>
    protected virtual TimeSpan LeaseTtl => TimeSpan.FromSeconds(2);

    /// <summary>How long a test waits for an expected watch event before it fails.</summary>
    protected virtual TimeSpan EventTimeout => TimeSpan.FromSeconds(15);

    /// <summary>Creates the store for one test.</summary>
    protected abstract Task<IKvStore> CreateStoreAsync();

    /// <summary>Lets <paramref name="by"/> pass for leases: a fake clock advances, a real server is waited on.</summary>
    protected abstract Task AdvanceTimeAsync(TimeSpan by);

    /// <inheritdoc />
    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        try
        {
            await Store.DeletePrefixAsync(Prefix);
        }
        catch (KvStoreException)
        {
            // A test may have left the store unreachable; cleanup is best effort.
        }

        await Store.DisposeAsync();
    }

    /// <summary>A key under this test's prefix.</summary>
    protected string K(string suffix) => Prefix + suffix;

    /// <summary>UTF-8 bytes of a text value.</summary>
    protected static byte[] V(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A value as text.</summary>
    protected static string Text(ReadOnlyMemory<byte> value) => Encoding.UTF8.GetString(value.Span);

    /// <summary>Starts recording a watch.</summary>
    protected WatchRecorder Watch(string prefix, long fromRevision = 0) => WatchRecorder.Start(Store, prefix, fromRevision, EventTimeout);

    [Fact]
    public async Task Get_of_a_missing_key_is_null()
    {
        Assert.Null(await Store.GetAsync(K("missing")));
    }

    [Fact]
    public async Task Put_then_get_returns_value_and_revisions()
    {
        long revision = await Store.PutAsync(K("a"), V("one"));

        var entry = await Store.GetAsync(K("a"));

        Assert.NotNull(entry);
        Assert.Equal(K("a"), entry.Key);
        Assert.Equal("one", Text(entry.Value));
        Assert.Equal(revision, entry.CreateRevision);
        Assert.Equal(revision, entry.ModRevision);
        Assert.Equal(1, entry.Version);
        Assert.Equal(LeaseId.None, entry.Lease);
    }

    [Fact]
    public async Task Overwrite_keeps_create_revision_and_counts_versions()
    {
        long first = await Store.PutAsync(K("a"), V("one"));
        long second = await Store.PutAsync(K("a"), V("two"));
        long third = await Store.PutAsync(K("a"), V("two"));

        var entry = await Store.GetAsync(K("a"));

        Assert.True(first < second && second < third);
        Assert.NotNull(entry);
        Assert.Equal("two", Text(entry.Value));
        Assert.Equal(first, entry.CreateRevision);
        Assert.Equal(third, entry.ModRevision);
        Assert.Equal(3, entry.Version);
    }

    [Fact]
    public async Task Writes_to_different_keys_get_increasing_revisions()
    {
        var revisions = new List<long>();
        for (int i = 0; i < 5; i++)
        {
            revisions.Add(await Store.PutAsync(K($"k{i}"), V("x")));
        }

        Assert.Equal(revisions.Order(), revisions);
        Assert.Equal(revisions.Count, revisions.Distinct().Count());
    }

    [Fact]
    public async Task Put_keeps_its_own_copy_of_the_value()
    {
        byte[] value = V("original");
        await Store.PutAsync(K("a"), value);

        value[0] = (byte)'X';

        Assert.Equal("original", Text((await Store.GetAsync(K("a")))!.Value));
    }

    [Fact]
    public async Task Create_succeeds_only_once()
    {
        Assert.True(await Store.CreateAsync(K("a"), V("first")));
        Assert.False(await Store.CreateAsync(K("a"), V("second")));

        var entry = await Store.GetAsync(K("a"));
        Assert.Equal("first", Text(entry!.Value));
        Assert.Equal(1, entry.Version);
    }

    [Fact]
    public async Task Create_after_delete_starts_a_new_key()
    {
        await Store.CreateAsync(K("a"), V("first"));
        var old = await Store.GetAsync(K("a"));
        await Store.DeleteAsync(K("a"));

        Assert.True(await Store.CreateAsync(K("a"), V("again")));

        var entry = await Store.GetAsync(K("a"));
        Assert.Equal("again", Text(entry!.Value));
        Assert.Equal(1, entry.Version);
        Assert.True(entry.CreateRevision > old!.CreateRevision);
    }

    [Fact]
    public async Task Compare_and_swap_with_the_current_mod_revision_writes()
    {
        long revision = await Store.PutAsync(K("a"), V("one"));

        Assert.True(await Store.CompareAndSwapAsync(K("a"), revision, V("two")));

        var entry = await Store.GetAsync(K("a"));
        Assert.Equal("two", Text(entry!.Value));
        Assert.True(entry.ModRevision > revision);
    }

    [Fact]
    public async Task Compare_and_swap_with_a_stale_mod_revision_leaves_the_key()
    {
        long stale = await Store.PutAsync(K("a"), V("one"));
        long current = await Store.PutAsync(K("a"), V("two"));

        Assert.False(await Store.CompareAndSwapAsync(K("a"), stale, V("three")));

        var entry = await Store.GetAsync(K("a"));
        Assert.Equal("two", Text(entry!.Value));
        Assert.Equal(current, entry.ModRevision);
    }

    [Fact]
    public async Task Compare_and_swap_with_zero_requires_the_key_to_be_absent()
    {
        Assert.True(await Store.CompareAndSwapAsync(K("a"), 0, V("created")));
        Assert.False(await Store.CompareAndSwapAsync(K("a"), 0, V("again")));
        Assert.Equal("created", Text((await Store.GetAsync(K("a")))!.Value));
    }

    [Fact]
    public async Task Compare_and_swap_on_a_missing_key_with_a_revision_fails()
    {
        long revision = await Store.PutAsync(K("other"), V("x"));

        Assert.False(await Store.CompareAndSwapAsync(K("a"), revision, V("x")));
        Assert.Null(await Store.GetAsync(K("a")));
    }

    [Fact]
    public async Task Delete_removes_an_existing_key()
    {
        await Store.PutAsync(K("a"), V("one"));

        Assert.True(await Store.DeleteAsync(K("a")));
        Assert.Null(await Store.GetAsync(K("a")));
    }

    [Fact]
    public async Task Delete_of_a_missing_key_returns_false()
    {
        Assert.False(await Store.DeleteAsync(K("missing")));
    }

    [Fact]
    public async Task Delete_prefix_spares_a_sibling_prefix()
    {
        await Store.PutAsync(K("a/b/1"), V("x"));
        await Store.PutAsync(K("a/b/2"), V("x"));
        await Store.PutAsync(K("a/b"), V("x"));
        await Store.PutAsync(K("a/bc/1"), V("x"));
        await Store.PutAsync(K("a/bc"), V("x"));

        Assert.Equal(2, await Store.DeletePrefixAsync(K("a/b/")));

        var left = (await Store.ListAsync(K("a/"))).Entries.Select(e => e.Key);
        Assert.Equal([K("a/b"), K("a/bc"), K("a/bc/1")], left);
    }

    [Fact]
    public async Task Delete_prefix_without_keys_deletes_nothing()
    {
        Assert.Equal(0, await Store.DeletePrefixAsync(K("nothing/")));
    }

    [Fact]
    public async Task Status_reports_connected_and_at_least_the_last_write_revision()
    {
        long revision = await Store.PutAsync(K("a"), V("x"));

        var status = await Store.GetStatusAsync();

        Assert.True(status.Connected);
        Assert.True(status.Revision >= revision);
        Assert.True(status.CompactRevision <= status.Revision);
    }

    [Fact]
    public async Task Compaction_is_reported_by_status()
    {
        await Store.PutAsync(K("a"), V("1"));
        long revision = await Store.PutAsync(K("a"), V("2"));

        await Store.CompactAsync(revision);

        Assert.True((await Store.GetStatusAsync()).CompactRevision >= revision);
        Assert.Equal("2", Text((await Store.GetAsync(K("a")))!.Value));
    }
}
