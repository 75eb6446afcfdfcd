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
        foreach (var url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var host = new Uri(url.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)).Host;
            if (!(host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))) || url.Contains("://+", StringComparison.Ordinal) || url.Contains("://*", StringComparison.Ordinal))
            {
                throw new ArgumentException($"The hub emulator binds to loopback only; '{url}' is not a loopback address.", nameof(options));
            }
        }
        foreach (var token in options.Tokens.Keys)
        {
            if (!token.StartsWith("hf_", StringComparison.Ordinal)) throw new ArgumentException("Emulator tokens must start with hf_ (the official clients refuse others).", nameof(options));
        }

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
        catch (Exception e) when (e is OperationCanceledException or IOException or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            // the client went away (or a fault dropped the connection)
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
