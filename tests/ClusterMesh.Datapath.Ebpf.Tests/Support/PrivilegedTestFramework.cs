using ClusterMesh.Datapath.Ebpf.Tests.Support;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("ClusterMesh.Datapath.Ebpf.Tests.Support.PrivilegedTestFramework", "ClusterMesh.Datapath.Ebpf.Tests")]

namespace ClusterMesh.Datapath.Ebpf.Tests.Support;

/// <summary>
/// xunit 2 has no dynamic skip, so discovery does it: tests of a <see cref="RequiresBpfAttribute"/> class are
/// reported as skipped, with a one-line reason, when the process lacks privileges — except under <c>CI=true</c>,
/// where they run and fail, because CI must never silently skip them.
/// </summary>
public sealed class PrivilegedTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    /// <inheritdoc />
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo)
        => new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private static string? SkipReason(ITypeInfo testClass) =>
        RequiresBpfAttribute.MissingReason is { } missing
        && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        && testClass.GetCustomAttributes(typeof(RequiresBpfAttribute)).Any()
            ? missing
            : null;

    private sealed class Discoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
    {
        protected override bool FindTestsForMethod(ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            if (SkipReason(testMethod.TestClass.Class) is not { } reason)
            {
                return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
            }

            if (!testMethod.Method.GetCustomAttributes(typeof(FactAttribute)).Any())
            {
                return true;
            }

            var skipped = new XunitSkippedDataRowTestCase(
                DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason);
            return ReportDiscoveredTestCase(skipped, includeSourceInformation, messageBus);
        }
    }
}
