using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Evaluation;
using ClusterMesh.Policy.Model;

namespace ClusterMesh.Policy.Engine;

/// <summary>
/// Every distinct peer selector in use (per policy cluster), each with the set of identities it selects. A new
/// selector is evaluated once against every identity; an identity that comes or goes is evaluated against every
/// selector, and only the selectors whose set changed are reported.
/// </summary>
internal sealed class SelectorCache(PolicyOptions options)
{
    private readonly Dictionary<(Peer Peer, ClusterName Cluster), CachedSelector> _selectors = [];

    public int Count => _selectors.Count;

    public IEnumerable<CachedSelector> Selectors => _selectors.Values;

    /// <summary>Takes a reference on the selector of <paramref name="peer"/> in <paramref name="cluster"/>.</summary>
    public CachedSelector Acquire(Peer peer, ClusterName cluster, IEnumerable<PeerIdentity> identities)
    {
        if (!_selectors.TryGetValue((peer, cluster), out var selector))
        {
            selector = new CachedSelector(peer, cluster, options);
            if (!selector.IsWildcard)
            {
                foreach (var identity in identities)
                {
                    selector.Update(identity);
                }
            }

            _selectors[(peer, cluster)] = selector;
        }

        selector.Users++;
        return selector;
    }

    public void Release(CachedSelector selector)
    {
        if (--selector.Users == 0)
        {
            _selectors.Remove((selector.Peer, selector.PolicyCluster));
        }
    }

    /// <summary>Adds or re-evaluates an identity; returns the selectors whose set changed.</summary>
    public List<CachedSelector> Upsert(PeerIdentity identity)
    {
        var changed = new List<CachedSelector>();
        foreach (var selector in _selectors.Values)
        {
            if (!selector.IsWildcard && selector.Update(identity))
            {
                changed.Add(selector);
            }
        }

        return changed;
    }

    /// <summary>Removes an identity from every set; returns the selectors that held it.</summary>
    public List<CachedSelector> Remove(NumericIdentity identity)
    {
        var changed = new List<CachedSelector>();
        foreach (var selector in _selectors.Values)
        {
            if (selector.Identities.Remove(identity))
            {
                changed.Add(selector);
            }
        }

        return changed;
    }
}
