using Xunit.Abstractions;
using Xunit.Sdk;

namespace ClusterMesh.Testing.Support;

/// <summary>
/// xunit 2 has no dynamic skip, so discovery does it: tests of a class marked with <paramref name="requirement"/>
/// are reported as skipped, with a one-line reason, when <paramref name="missingReason"/> says the machine lacks
/// something (a privilege, a package) — except under <c>CI=true</c>, where they run and fail, because CI must
/// never silently skip them. A test project derives a small framework from this and names it in
/// <c>[assembly: TestFramework(...)]</c>.
/// </summary>
public abstract class RequirementTestFramework(IMessageSink messageSink, Type requirement, Func<string?> missingReason)
    : XunitTestFramework(messageSink)
{
    /// <inheritdoc />
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo)
        => new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink, SkipReason);

    private string? SkipReason(ITypeInfo testClass) =>
        CiRequirement.SkipReason(missingReason()) is { } reason && testClass.GetCustomAttributes(requirement).Any()
            ? reason
            : null;

    private sealed class Discoverer(
        IAssemblyInfo assemblyInfo,
        ISourceInformationProvider sourceProvider,
        IMessageSink diagnosticMessageSink,
        Func<ITypeInfo, string?> skipReason)
        : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
    {
        protected override bool FindTestsForMethod(ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            if (skipReason(testMethod.TestClass.Class) is not { } reason)
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
