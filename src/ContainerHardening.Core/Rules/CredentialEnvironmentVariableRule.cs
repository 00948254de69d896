using System.Text.RegularExpressions;
using ContainerHardening.Diagnostics;

namespace ContainerHardening.Rules;

/// <summary>
/// CH1006: an environment variable of the image config that holds a credential, judged by its name (PASSWORD, SECRET,
/// TOKEN, …_KEY, APIKEY, connection strings) or by a value shaped like a connection string or URL with a password.
/// Names ending in _FILE, _PATH or _DIR point at where a secret is (the Docker secrets convention), so only their value
/// is judged. The finding names the variable and never carries its value.
/// </summary>
internal sealed partial class CredentialEnvironmentVariableRule : IImageRule
{
    public RuleInfo Info => RuleCatalog.CredentialEnvironmentVariable;

    public bool LinuxOnly => false;

    public IEnumerable<Finding> Check(ImageFacts facts) =>
        facts.Environment
            .Where(variable => (CredentialName().IsMatch(variable.Key) && !LocationName().IsMatch(variable.Key)) || CredentialValue().IsMatch(variable.Value))
            .Select(variable => Finding.Create(Info, variable.Key).About(variable.Key));

    [GeneratedRegex(@"PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|_KEY$|^KEY$|CONNECTIONSTRING|CONNECTION_STRING|CREDENTIAL", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CredentialName();

    [GeneratedRegex(@"_(FILE|PATH|DIR|DIRECTORY)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LocationName();

    // "Server=db;User Id=sa;Password=…" or "postgres://user:pass@host".
    [GeneratedRegex(@"(^|;)\s*(Password|Pwd)\s*=\s*[^;\s]|^[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CredentialValue();
}
