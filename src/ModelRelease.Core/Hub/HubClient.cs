using System.Net;
using System.Reflection;
using Polly;
using Polly.Retry;

namespace ModelRelease.Core.Hub;

/// <summary>
/// The Hub's HTTP API (shared/reference/hf-hub-protocol.md), one file per group of endpoints under Api/: repositories,
/// preupload and commit, the LFS batch API with basic and multipart transfers, listings, refs and tags, downloads and
/// validate-yaml. Safe requests are retried on 408, 429, 5xx and dropped connections with exponential backoff and
/// jitter, honouring Retry-After; the commit is never retried blindly (see <see cref="Publishing.Publisher"/>). The
/// token only ever leaves as the Authorization header of requests to the Hub's own API — never to transfer URLs.
/// Every answer is read through one parse per response shape (<see cref="HubJson"/>); one that is not shaped as
/// the Hub sends it is <see cref="HubErrorIds.ResponseInvalid"/>.
/// </summary>
public sealed partial class HubClient : IDisposable
{
    private static readonly string UserAgent = $"modelrelease/{typeof(HubClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0"}; dotnet/{Environment.Version}";

    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;

    public HubClient(Uri endpoint, HubToken? token, HubClientOptions? options = null, HttpMessageHandler? handler = null)
    {
        Endpoint = new Uri(endpoint.ToString().TrimEnd('/') + "/");
        Token = token;
        Options = options ?? new HubClientOptions();
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            // .NET's default proxy handling (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, the system setting) applies.
            MaxConnectionsPerServer = 64,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        }, disposeHandler: true)
        {
            Timeout = Options.RequestTimeout,
        };
        _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
        _retry = BuildRetry();
    }

    public Uri Endpoint { get; }

    public HubToken? Token { get; }

    public HubClientOptions Options { get; }

    private ResiliencePipeline<HttpResponseMessage> BuildRetry()
    {
        // MaxRetries = 0 means no retry (Polly refuses a retry strategy of zero attempts, so none is added).
        var retry = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (Options.MaxRetries > 0) retry.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<IOException>()
                .Handle<TaskCanceledException>(ex => ex.InnerException is TimeoutException)
                .HandleResult(r => HubErrors.IsTransient(r.StatusCode)),
            MaxRetryAttempts = Options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = Options.RetryBaseDelay,
            MaxDelay = Options.RetryMaxDelay,
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
            OnRetry = args =>
            {
                var why = args.Outcome.Exception is { } ex ? ex.GetType().Name + ": " + Redact(ex.Message) : $"{(int)args.Outcome.Result!.StatusCode}";
                Log($"retry {args.AttemptNumber + 1} in {args.RetryDelay.TotalSeconds:0.0} s after {why}");
                args.Outcome.Result?.Dispose();
                return default;
            },
        });
        return retry.Build();
    }

    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response?.Headers.RetryAfter is not { } after) return null;
        var wait = after.Delta ?? (after.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return wait is { } w && w > TimeSpan.Zero ? (w > Options.MaxRetryAfter ? Options.MaxRetryAfter : w) : null;
    }

    private void Log(string line) => Options.Log?.Invoke(PrintableText.Escape(Redact(line)));

    private string Redact(string text) => Token?.Redact(text) ?? Redaction.Redact(text);

    public void Dispose() => _http.Dispose();
}
