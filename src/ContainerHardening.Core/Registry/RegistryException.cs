using System.Net;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Registry;

/// <summary>
/// Why a registry operation failed, as one of the CH4010-CH4014 rules. The message comes from Strings.resx and holds
/// registry, repository, reference and status only: never a credential, a token or a header value.
/// </summary>
public sealed class RegistryException : Exception
{
    internal RegistryException(RuleInfo rule, string registry, HttpStatusCode? statusCode, Exception? innerException, params object?[] args)
        : base(Strings.Message(rule.Id, args), innerException)
    {
        Rule = rule;
        Registry = registry;
        StatusCode = statusCode;
    }

    /// <summary>One of <see cref="RuleCatalog.InsecureRegistry"/> ... <see cref="RuleCatalog.RegistryServerError"/>.</summary>
    public RuleInfo Rule { get; }

    /// <summary>The registry the failing request went to (or would have gone to).</summary>
    public string Registry { get; }

    /// <summary>The last HTTP status, when the registry answered at all.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The finding a task reports for this failure, with the registry as its subject.</summary>
    public Finding ToFinding() => new(Rule, Rule.DefaultSeverity, Message, Subject: Registry);

    internal static RegistryException Insecure(string registry, Uri uri) =>
        new(RuleCatalog.InsecureRegistry, registry, null, null, registry, uri.GetLeftPart(UriPartial.Path));

    internal static RegistryException Unreachable(string registry, int attempts, string reason, Exception? inner) =>
        new(RuleCatalog.RegistryUnreachable, registry, null, inner, registry, attempts, reason);

    internal static RegistryException AuthenticationFailed(string registry, string repository, HttpStatusCode status, string reason, bool push) =>
        new(RuleCatalog.RegistryAuthenticationFailed, registry, status, null, registry, repository, (int)status, reason, push ? "push to" : "pull from");

    internal static RegistryException NotFound(string registry, string what) =>
        new(RuleCatalog.RegistryNotFound, registry, HttpStatusCode.NotFound, null, what, registry);

    internal static RegistryException ServerError(string registry, string operation, HttpStatusCode? status, string reason) =>
        new(RuleCatalog.RegistryServerError, registry, status, null, registry, operation, reason);
}
