using ContainerHardening.Policy;

namespace ContainerHardening.Tests.Policy;

public class PathGlobTests
{
    [Theory]
    [InlineData("/app/legacy/**", "/app/legacy/vendor.dll")]
    [InlineData("/app/legacy/**", "/app/legacy/a/b/c.so")]
    [InlineData("/app/legacy/**", "/app/legacy")]
    [InlineData("/app/*.dll", "/app/App.dll")]
    [InlineData("/app/*.dll", "/app/.dll")]
    [InlineData("/app/?.txt", "/app/a.txt")]
    [InlineData("/**/*.pem", "/etc/ssl/certs/ca.pem")]
    [InlineData("/**/*.pem", "/ca.pem")]
    [InlineData("/app/**/bin/*", "/app/bin/tool")]
    [InlineData("/app/**/bin/*", "/app/x/y/bin/tool")]
    [InlineData("app/*", "/app/file")]
    [InlineData("/app/*", "app/file")]
    [InlineData("/app/a*b*c", "/app/aXbYbZc")]
    [InlineData("/app/exact", "/app/exact")]
    [InlineData("**", "/anything/at/all")]
    public void Matches(string pattern, string path)
    {
        Assert.True(PathGlob.IsMatch(pattern, path));
    }

    [Theory]
    [InlineData("/app/*.dll", "/app/sub/App.dll")]
    [InlineData("/app/*", "/app")]
    [InlineData("/app/?.txt", "/app/ab.txt")]
    [InlineData("/app/?", "/app/")]
    [InlineData("/app/legacy/**", "/app/legacy2/x")]
    [InlineData("/app/**/bin/*", "/app/bin")]
    [InlineData("/App/*", "/app/file")]
    [InlineData("/app/a*b*c", "/app/aXbYbZ")]
    [InlineData("/app/exact", "/app/exact/more")]
    [InlineData("/etc/*", "/app/etc/x")]
    public void Does_not_match(string pattern, string path)
    {
        Assert.False(PathGlob.IsMatch(pattern, path));
    }
}
