using ContainerHardening.Diagnostics;

namespace ContainerHardening.Policy;

/// <summary>Reads a policy file from disk. Never throws for bad content or an unreadable file: both become findings.</summary>
public static class PolicyLoader
{
    public static PolicyLoadResult Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new(ContainerPolicy.Empty with { File = path }, [Finding.Create(RuleCatalog.PolicyFileUnreadable, path, e.Message).At(path, 0, 0)]);
        }

        return PolicyParser.Parse(text, path);
    }
}
