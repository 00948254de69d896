using System.Net;
using ContainerHardening.Diagnostics;
using ContainerHardening.Registry;
using static ContainerHardening.Tests.Registry.RegistryTestSupport;

namespace ContainerHardening.Tests.Registry;

public class RegistryTransportTests
{
    [Fact]
    public async Task Server_errors_are_retried_with_growing_delays_and_then_succeed()
    {
        FakeRegistry registry = new();
        AddImage(registry, "app", "1");
        registry.FailNext(HttpStatusCode.ServiceUnavailable, 2);
        registry.FailNext(HttpStatusCode.TooManyRequests);
        List<TimeSpan> delays = [];
        using RegistryClient client = Client(registry, delays: delays);

        RegistryManifest manifest = await client.GetManifestAsync(FakeRegistry.Repo("app").WithTag("1"));

        Assert.NotNull(manifest);
        Assert.Equal(4, registry.Requests.Count);
        Assert.Equal(3, delays.Count);
        for (int i = 0; i < delays.Count; i++)
        {
            // 100 ms doubled per attempt, plus up to a quarter of jitter
            double floor = 100 * Math.Pow(2, i);
            Assert.InRange(delays[i].TotalMilliseconds, floor, floor * 1.25);
        }
    }

    [Fact]
    public async Task Server_errors_after_every_retry_are_CH4014_with_the_status_and_attempts()
    {
        FakeRegistry registry = new();
        registry.FailNext(HttpStatusCode.InternalServerError, 10);
        List<TimeSpan> delays = [];
        using RegistryClient client = Client(registry, delays: delays, maxRetries: 2);

        RegistryException error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(FakeRegistry.Repo("app").WithTag("1")));

        Assert.Equal(DiagnosticIds.RegistryServerError, error.Rule.Id);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal($"The registry '{FakeRegistry.Host}' failed on GET /v2/app/manifests/1: HTTP 500 after 3 attempt(s). This is a problem on the registry side; retry later or contact its operator.", error.Message);
        Assert.Equal(3, registry.Requests.Count);
        Assert.Equal(2, delays.Count);
    }

    [Fact]
    public async Task A_longer_retry_after_is_honoured_up_to_the_cap()
    {
        using RetryAfterHandler handler = new(TimeSpan.FromSeconds(7));
        List<TimeSpan> delays = [];
        using RegistryClient client = Client(handler, delays: delays, maxRetries: 1);

        await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(FakeRegistry.Repo("app").WithTag("1")));

        Assert.Equal(TimeSpan.FromSeconds(7), Assert.Single(delays));
    }

    [Fact]
    public async Task A_registry_that_never_answers_is_CH4011_after_the_retries()
    {
        using FailingHandler handler = new(new HttpRequestException("Connection refused (registry.test:443)"));
        List<TimeSpan> delays = [];
        using RegistryClient client = Client(handler, delays: delays, maxRetries: 2);

        RegistryException error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(FakeRegistry.Repo("app").WithTag("1")));

        Assert.Equal(DiagnosticIds.RegistryUnreachable, error.Rule.Id);
        Assert.Equal($"The registry '{FakeRegistry.Host}' could not be reached after 3 attempt(s): Connection refused (registry.test:443). Check the registry name, the network and any proxy settings.", error.Message);
        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task A_request_that_times_out_is_CH4011_saying_so()
    {
        using HangingHandler handler = new();
        using RegistryClient client = Client(handler, maxRetries: 1, requestTimeout: TimeSpan.FromMilliseconds(50));

        RegistryException error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(FakeRegistry.Repo("app").WithTag("1")));

        Assert.Equal(DiagnosticIds.RegistryUnreachable, error.Rule.Id);
        Assert.Contains("after 2 attempt(s): the request timed out after 0.1 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_a_timeout()
    {
        using HangingHandler handler = new();
        using RegistryClient client = Client(handler);
        using CancellationTokenSource cancel = new(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetManifestAsync(FakeRegistry.Repo("app").WithTag("1"), cancel.Token));
    }

    [Theory]
    [InlineData("localhost:5000/app", "http://localhost:5000/v2/app/manifests/latest")]
    [InlineData("127.0.0.1:5000/app", "http://127.0.0.1:5000/v2/app/manifests/latest")]
    [InlineData("[::1]:5000/app", "http://[::1]:5000/v2/app/manifests/latest")]
    [InlineData("https://localhost:5000/app", "https://localhost:5000/v2/app/manifests/latest")]
    [InlineData("registry.example.com/app", "https://registry.example.com/v2/app/manifests/latest")]
    [InlineData("ubuntu", "https://registry-1.docker.io/v2/library/ubuntu/manifests/latest")]
    public async Task Uses_plain_http_only_for_allow_listed_registries(string reference, string expected)
    {
        FakeRegistry registry = new();
        using RegistryClient client = Client(registry);

        await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(ImageReference.Parse(reference)));

        Assert.Equal(expected, registry.Requests.Single().Uri.ToString());
    }

    [Fact]
    public async Task Plain_http_to_a_registry_outside_the_allow_list_is_refused_with_CH4010_before_sending()
    {
        FakeRegistry registry = new();
        using RegistryClient client = Client(registry);

        RegistryException error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(ImageReference.Parse("http://registry.example.com/app:1")));

        Assert.Equal(DiagnosticIds.InsecureRegistry, error.Rule.Id);
        Assert.StartsWith("Refusing to talk to 'registry.example.com' over plain HTTP (http://registry.example.com/v2/app/manifests/1)", error.Message, StringComparison.Ordinal);
        Assert.Empty(registry.Requests);
    }

    [Fact]
    public async Task An_allow_listed_registry_may_use_plain_http()
    {
        FakeRegistry registry = new();
        using RegistryClient client = Client(registry, insecure: ["mirror.local:5000"]);

        await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(ImageReference.Parse("mirror.local:5000/app:1")));

        Assert.Equal("http://mirror.local:5000/v2/app/manifests/1", registry.Requests.Single().Uri.ToString());
    }

    [Fact]
    public async Task A_redirect_to_plain_http_is_refused_with_CH4010()
    {
        FakeRegistry registry = new() { RedirectBlobsToCdn = true, CdnScheme = "http" };
        RegistryDescriptor layer = AddImage(registry, "app", "1").Layer;
        using RegistryClient client = Client(registry);

        RegistryException error = await Assert.ThrowsAsync<RegistryException>(() => client.GetBlobAsync(FakeRegistry.Repo("app"), layer));

        Assert.Equal(DiagnosticIds.InsecureRegistry, error.Rule.Id);
        Assert.DoesNotContain(registry.Requests, r => r.Uri.Host == FakeRegistry.CdnHost);
    }

    private sealed class FailingHandler(Exception exception) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromException<HttpResponseMessage>(exception);
        }
    }

    private sealed class HangingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private sealed class RetryAfterHandler(TimeSpan retryAfter) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = new(HttpStatusCode.TooManyRequests);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(retryAfter);
            return Task.FromResult(response);
        }
    }
}
