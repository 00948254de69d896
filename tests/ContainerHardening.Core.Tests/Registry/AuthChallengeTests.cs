using ContainerHardening.Registry;

namespace ContainerHardening.Tests.Registry;

public class AuthChallengeTests
{
    [Fact]
    public void Parses_a_bearer_challenge_with_a_comma_inside_the_quoted_scope()
    {
        AuthChallenge challenge = Assert.Single(AuthChallenge.Parse(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/ubuntu:pull,push\""));

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.docker.io/token", challenge.Realm);
        Assert.Equal("registry.docker.io", challenge.Service);
        Assert.Equal("repository:library/ubuntu:pull,push", challenge.Scope);
    }

    [Fact]
    public void Parses_several_challenges_and_unquoted_values()
    {
        AuthChallenge[] challenges = AuthChallenge.Parse("Basic realm=registry, Bearer realm=\"https://a/t\", service=s").ToArray();

        Assert.Equal(2, challenges.Length);
        Assert.True(challenges[0].IsBasic);
        Assert.Equal("registry", challenges[0].Realm);
        Assert.Equal("s", challenges[1].Service);
    }
}
