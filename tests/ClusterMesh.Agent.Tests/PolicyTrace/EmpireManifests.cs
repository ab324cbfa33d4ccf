using ClusterMesh.Testing.Support;

namespace ClusterMesh.Agent.Tests.PolicyTrace;

/// <summary>
/// The starwars sample plus an <c>empire</c> namespace in cluster1 (tie-fighter and death-star with named ports) and
/// NetworkPolicies using ipBlock with except, namespaceSelector (alone and ANDed with podSelector), named ports
/// (ingress and egress, one egress rule to anyone) and endPort.
/// </summary>
internal static class EmpireManifests
{
    public static readonly string StarWars = Path.Combine(RepoPaths.Samples, "starwars");

    /// <summary>Copies the starwars sample into <paramref name="dir"/>.</summary>
    public static void CopyStarWars(TempDirectory dir)
    {
        foreach (var file in Directory.EnumerateFiles(StarWars, "*.yaml", SearchOption.AllDirectories))
        {
            dir.Write(Path.GetRelativePath(StarWars, file), File.ReadAllText(file));
        }
    }

    /// <summary>The sample, the empire pods and the NetworkPolicies; <paramref name="rebelBaseCidr"/> admits rebel-base ingress.</summary>
    public static TempDirectory Write(string rebelBaseCidr = "10.1.0.0/16")
    {
        var dir = new TempDirectory();
        CopyStarWars(dir);
        dir.Write("cluster1/empire.yaml", Pods);
        dir.Write("cluster1/empire-policies.yaml", EmpirePolicies);
        dir.Write("cluster1/rebel-base-ipblock.yaml", RebelBaseIpBlock.Replace("CIDR", rebelBaseCidr, StringComparison.Ordinal));
        dir.Write("cluster2/rebel-base-local.yaml", RebelBaseLocal);
        return dir;
    }

    private const string Pods = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: empire
          labels:
            kubernetes.io/metadata.name: empire
            team: empire
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: tie-fighter
          namespace: empire
          uid: cluster1-tie-fighter
          labels:
            name: tie-fighter
        spec:
          nodeName: cluster1-node1
          containers:
            - name: tie-fighter
              image: docker.io/cilium/json-mock
              ports:
                - name: web
                  containerPort: 8080
        status:
          phase: Running
          podIP: 10.1.1.30
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: death-star
          namespace: empire
          uid: cluster1-death-star
          labels:
            name: death-star
        spec:
          nodeName: cluster1-node1
          containers:
            - name: death-star
              image: docker.io/cilium/json-mock
              ports:
                - name: http-alt
                  containerPort: 8080
                - name: dns
                  containerPort: 53
                  protocol: UDP
        status:
          phase: Running
          podIP: 10.1.1.31
        """;

    private const string EmpirePolicies = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: death-star-from-empire
          namespace: empire
        spec:
          podSelector:
            matchLabels:
              name: death-star
          ingress:
            - from:
                - namespaceSelector:
                    matchLabels:
                      team: empire
              ports:
                - port: http-alt
                - port: dns
                  protocol: UDP
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: tie-fighter-egress
          namespace: empire
        spec:
          podSelector:
            matchLabels:
              name: tie-fighter
          policyTypes: [Egress]
          egress:
            - to:
                - namespaceSelector: {}
                  podSelector:
                    matchLabels:
                      name: death-star
              ports:
                - port: http-alt
            - to:
                - ipBlock:
                    cidr: 10.1.1.0/24
              ports:
                - port: 80
                  protocol: TCP
            - ports:
                - port: dns
                  protocol: UDP
        """;

    private const string RebelBaseIpBlock = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: rebel-base-ipblock
          namespace: default
        spec:
          podSelector:
            matchLabels:
              name: rebel-base
          ingress:
            - from:
                - ipBlock:
                    cidr: CIDR
                    except: [10.1.1.30/31]
              ports:
                - port: 80
        """;

    private const string RebelBaseLocal = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: rebel-base-local
          namespace: default
        spec:
          podSelector:
            matchLabels:
              name: rebel-base
          ingress:
            - from:
                - namespaceSelector: {}
              ports:
                - port: 80
                  endPort: 90
                  protocol: TCP
        """;
}
