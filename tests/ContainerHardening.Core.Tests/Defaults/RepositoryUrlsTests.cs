using ContainerHardening.Defaults;

namespace ContainerHardening.Tests.Defaults;

public class RepositoryUrlsTests
{
    [Theory]
    [InlineData("https://github.com/org/repo.git", "https://github.com/org/repo")]
    [InlineData("https://user:secret@dev.azure.com/org/project/_git/repo", "https://dev.azure.com/org/project/_git/repo")]
    [InlineData("http://git.example.com:8080/repo/", "http://git.example.com:8080/repo")]
    [InlineData("git@github.com:org/repo.git", "")]
    [InlineData("", "")]
    public void Label_urls_are_public_and_without_the_git_suffix(string url, string expected)
    {
        Assert.Equal(expected, RepositoryUrls.ForLabel(url));
    }
}
