using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelRelease.HubEmulator.Endpoints;
using ModelRelease.HubEmulator.Faults;
using ModelRelease.HubEmulator.Http;
using ModelRelease.HubEmulator.Storage;

namespace ModelRelease.HubEmulator;

/// <summary>
/// A local Hugging Face Hub on loopback: the subset of the Hub's API that publishing and reading need,
/// stored on disk, with fault injection. Start it, use <see cref="BaseAddress"/> as the endpoint, dispose it.
/// </summary>
public sealed class HubEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HubContext _hub;

    private HubEmulator(WebApplication app, HubContext hub, Uri baseAddress)
    {
        _app = app;
        _hub = hub;
        BaseAddress = baseAddress;
    }

    /// <summary>The endpoint to give clients, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Faults injected from now on.</summary>
    public FaultConfiguration Faults
    {
        get => _hub.Faults.Configuration;
        set => _hub.Faults.Configuration = value;
    }

    public EmulatorStatistics Statistics => _hub.Statistics;

    public static async Task<HubEmulator> StartAsync(HubEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        Validate(options);
        var store = new HubStore(options.DataDirectory);
        var hub = new HubContext(store, options, new UrlSigner(store.SecretPath), new FaultInjector(options.Faults), new EmulatorStatistics());

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Limits.MinRequestBodyDataRate = null;
            k.AddServerHeader = false;
        });
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteOptions>(o => o.SetParameterPolicy<Microsoft.AspNetCore.Routing.Constraints.RegexInlineRouteConstraint>("regex"));
        var app = builder.Build();
        app.UseRouting();
        app.Use((http, next) => HandleAsync(http, next, hub));
        RepoEndpoints.Map(app, hub);
        UploadEndpoints.Map(app, hub);
        CommitEndpoints.Map(app, hub);
        ReadEndpoints.Map(app, hub);
        RefEndpoints.Map(app, hub);
        app.MapFallback((HttpContext http) => HubContext.WriteErrorAsync(http, new HubError(404, $"No such endpoint: {http.Request.Method} {http.Request.Path}", "NotFound")));

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HubEmulator(app, hub, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    /// <summary>Refuses options the emulator cannot run with safely, each with an <see cref="ArgumentException"/> naming the value.</summary>
    private static void Validate(HubEmulatorOptions options)
    {
        foreach (var url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (url.Contains("://+", StringComparison.Ordinal) || url.Contains("://*", StringComparison.Ordinal)
                || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                throw new ArgumentException($"--urls: '{url}' is not an http:// URL on a loopback address (http://127.0.0.1:0 picks a free port).", nameof(options));
            }
            if (!(uri.Host == "localhost" || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))))
            {
                throw new ArgumentException($"--urls: the hub emulator binds to loopback only; '{url}' is not a loopback address.", nameof(options));
            }
        }
        foreach (var (token, user) in options.Tokens)
        {
            if (!token.StartsWith("hf_", StringComparison.Ordinal) || token.Length < 8)
            {
                throw new ArgumentException("--token: emulator tokens start with hf_ and have at least 8 characters (the official clients refuse others).", nameof(options));
            }
            if (!HubStore.IsValidNamespace(user)) throw new ArgumentException($"--token: '{user}' is not a valid user name.", nameof(options));
        }
        foreach (var org in options.Organizations)
        {
            if (!HubStore.IsValidNamespace(org)) throw new ArgumentException($"--org: '{org}' is not a valid organisation name.", nameof(options));
        }
        if (options.AdminToken is { } admin && (!admin.StartsWith("hf_", StringComparison.Ordinal) || admin.Length < 8 || options.Tokens.ContainsKey(admin)))
        {
            throw new ArgumentException("--admin-token: the admin token starts with hf_, has at least 8 characters and is no user's token.", nameof(options));
        }
        if (options.ChunkSize <= 0 || options.MultipartThreshold <= 0) throw new ArgumentException("--chunk-size and --multipart-threshold must be positive.", nameof(options));
    }

    /// <summary>Statistics, logging, injected faults, and the Hub's error format for every endpoint.</summary>
    private static async Task HandleAsync(HttpContext http, RequestDelegate next, HubContext hub)
    {
        var name = http.GetEndpoint()?.Metadata.GetMetadata<HubEndpointName>()?.Name;
        try
        {
            if (name is not null)
            {
                hub.Statistics.Count(name);
                var latency = hub.Faults.Latency(name);
                if (latency > 0) await Task.Delay(latency, http.RequestAborted).ConfigureAwait(false);
                if (hub.Faults.Roll(name, FaultInjector.Kind.Error) is { } error)
                {
                    if (error.RetryAfterSeconds is { } after)
                    {
                        http.Response.Headers.RetryAfter = after.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        http.Response.Headers["RateLimit"] = $"\"api\";r=0;t={after}";
                    }
                    var message = error.Status switch
                    {
                        429 => "You have been rate-limited; retry later",
                        401 => "Invalid credentials in Authorization header",
                        _ => $"Injected fault: {error.Status}",
                    };
                    if (error.EchoToken)
                    {
                        var authorization = http.Request.Headers.Authorization.ToString();
                        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : authorization;
                        message += $" (this request sent Authorization: {authorization}; token={token})";
                    }
                    await HubContext.WriteErrorAsync(http, new HubError(error.Status, message, null)).ConfigureAwait(false);
                    return;
                }
                if (hub.Faults.Roll(name, FaultInjector.Kind.Drop) is not null)
                {
                    var length = http.Request.ContentLength ?? 0;
                    var buffer = new byte[64 * 1024];
                    long read = 0;
                    while (read < length / 2)
                    {
                        var n = await http.Request.Body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length / 2 - read + 1)), http.RequestAborted).ConfigureAwait(false);
                        if (n == 0) break;
                        read += n;
                    }
                    http.Abort();
                    return;
                }
            }
            await next(http).ConfigureAwait(false);
        }
        catch (HubError e) when (!http.Response.HasStarted)
        {
            await HubContext.WriteErrorAsync(http, e).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException && !http.Response.HasStarted)
        {
            await HubContext.WriteErrorAsync(http, HubError.BadRequest("Malformed request: " + e.Message)).ConfigureAwait(false);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            await HubContext.WriteErrorAsync(http, HubError.BadRequest(e.Message)).ConfigureAwait(false);
        }
        catch (Exception e) when (http.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            // the client went away (or a fault dropped the connection)
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && !http.Response.HasStarted)
        {
            // The emulator's own disk failed: the client must know the request did not succeed.
            await HubContext.WriteErrorAsync(http, new HubError(500, "The hub emulator could not store or read data: " + e.Message, "InternalError")).ConfigureAwait(false);
        }
        finally
        {
            hub.Options.Log?.Invoke($"{http.Request.Method} {http.Request.Path} {http.Response.StatusCode}");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken = default) => await _app.StopAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
