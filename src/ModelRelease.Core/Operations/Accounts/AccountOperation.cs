using System.Reflection;
using System.Text.Json;
using ModelRelease.Core.Hub;

namespace ModelRelease.Core.Operations.Accounts;

/// <summary>
/// Get-HfUser / Connect-HfHub / Disconnect-HfHub and <c>modelrelease whoami|login|logout|env</c>: who the token is,
/// storing a token where huggingface_hub reads it (<c>$HF_HOME/token</c>, 0600) or naming the vault that holds it,
/// and forgetting it. A token is checked with the Hub before it is stored, and never printed.
/// </summary>
public sealed class AccountOperation(ModelReleaseSession session)
{
    /// <summary>The account of the session's token (HubTokenNotFound without one).</summary>
    public async Task<HubUser> WhoAmIAsync(CancellationToken cancellationToken = default)
    {
        var hub = session.HubForWriting();
        return await WhoAmIAsync(hub, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<HubUser> WhoAmIAsync(HubClient hub, CancellationToken cancellationToken)
    {
        using var doc = await hub.WhoAmIDocumentAsync(cancellationToken).ConfigureAwait(false);
        var root = doc.RootElement;
        var token = HubJson.OptionalObject(root, "auth") is { } auth && HubJson.OptionalObject(auth, "accessToken") is { } access ? access : (JsonElement?)null;
        return new HubUser
        {
            Name = HubJson.String(root, "name"),
            FullName = HubJson.OptionalString(root, "fullname"),
            Type = HubJson.OptionalString(root, "type") ?? "user",
            Organizations = HubJson.OptionalItems(root, "orgs").Select(o => HubJson.OptionalString(o, "name")).OfType<string>().ToList(),
            TokenName = token is { } t1 ? HubJson.OptionalString(t1, "displayName") : null,
            TokenRole = token is { } t2 ? HubJson.OptionalString(t2, "role") : null,
            TokenSource = hub.Token?.Source ?? "none",
            Endpoint = hub.Endpoint.ToString(),
        };
    }

    /// <summary>
    /// Checks <paramref name="options"/>' token with the Hub (whoami), then — after <paramref name="decide"/> agrees —
    /// stores it: in the token file, or through <paramref name="writeVault"/> in the vault the options name (the
    /// file is then removed, so the vault is what is used). Returns the account.
    /// </summary>
    public async Task<HubUser?> LoginAsync(LoginOptions options, OperationDecider decide, Func<VaultReference, CancellationToken, Task>? writeVault = null, CancellationToken cancellationToken = default)
    {
        var text = options.Token.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim();
        if (text.Length == 0) throw new HubException(HubErrorIds.TokenInvalid, ErrorKind.InvalidArgument, "The token is empty");
        if (text.StartsWith("api_org", StringComparison.Ordinal))
        {
            throw new HubException(HubErrorIds.TokenInvalid, ErrorKind.InvalidArgument, "Organisation API tokens (api_org_…) are deprecated and not accepted; use a user access token")
            {
                RecommendedAction = "Make an access token at https://huggingface.co/settings/tokens.",
            };
        }
        using var hub = (session.Options.Hub with { ExplicitToken = text, ExplicitTokenSource = "the token given to log in", RequireToken = true }).Open(session.Tokens);
        HubUser user;
        try
        {
            user = await WhoAmIAsync(hub, cancellationToken).ConfigureAwait(false);
        }
        catch (HubException ex) when (ex.ErrorId == HubErrorIds.Unauthorized)
        {
            throw new HubException(HubErrorIds.TokenInvalid, ErrorKind.Authentication, $"{hub.Endpoint} refuses the token: nothing was stored", hub.Endpoint.ToString(), ex.StatusCode)
            {
                RecommendedAction = "Check the token (copy it again from https://huggingface.co/settings/tokens).",
            };
        }
        var tokenFile = session.Tokens.TokenFilePath();
        if (options.Vault is { } vaultName)
        {
            if (writeVault is null) throw new HubException(HubErrorIds.TokenInvalid, ErrorKind.InvalidArgument, "Storing the token in a vault needs PowerShell's SecretManagement");
            var reference = new VaultReference(vaultName, options.SecretName);
            if (session.Tokens.VaultReferencePath is not { } pointer) throw new HubException(HubErrorIds.TokenFileNotWritable, ErrorKind.InvalidArgument, "There is no cache folder to remember the vault in (no HOME or XDG_CACHE_HOME)");
            if (!await decide(new OperationQuestion(QuestionKind.StoreToken, reference.ToString(), $"Store the token of {user.Name} for {hub.Endpoint}"), cancellationToken).ConfigureAwait(false)) return null;
            await writeVault(reference, cancellationToken).ConfigureAwait(false);
            reference.Save(pointer);
            TokenFile.Delete(tokenFile);
            return user with { TokenSource = reference.ToString() };
        }
        if (!await decide(new OperationQuestion(QuestionKind.StoreToken, tokenFile, $"Store the token of {user.Name} for {hub.Endpoint}"), cancellationToken).ConfigureAwait(false)) return null;
        TokenFile.Write(tokenFile, new HubToken(text, tokenFile));
        if (session.Tokens.VaultReferencePath is { } stale) VaultReference.Delete(stale);
        return user with { TokenSource = tokenFile };
    }

    /// <summary>Forgets the stored token: deletes the token file and the vault reference (the vault's secret stays). Says what was forgotten and which token remains in use.</summary>
    public async Task<LogoutResult> LogoutAsync(OperationDecider decide, CancellationToken cancellationToken = default)
    {
        var file = session.Tokens.TokenFilePath();
        var vault = session.Tokens.Vault;
        var removedFile = false;
        if (File.Exists(file) && await decide(new OperationQuestion(QuestionKind.ForgetToken, file, "Delete the stored Hub token"), cancellationToken).ConfigureAwait(false))
        {
            removedFile = TokenFile.Delete(file);
        }
        var forgot = false;
        if (vault is not null && session.Tokens.VaultReferencePath is { } pointer
            && await decide(new OperationQuestion(QuestionKind.ForgetToken, vault.ToString(), "Stop using the token in"), cancellationToken).ConfigureAwait(false))
        {
            forgot = VaultReference.Delete(pointer);
        }
        var still = TokenResolver.EnvironmentVariables.FirstOrDefault(v => !string.IsNullOrWhiteSpace(session.Options.Environment(v)));
        return new LogoutResult(removedFile ? file : null, forgot ? vault : null, still);
    }

    /// <summary>What <c>hf env</c> reports that applies here (never a token).</summary>
    public HubEnvironment Environment()
    {
        var env = session.Options.Environment;
        string? source;
        try
        {
            source = session.Tokens.ActiveSource(session.Options.Hub.ExplicitToken, session.Options.Hub.ExplicitTokenSource);
        }
        catch (ArgumentException)
        {
            source = null;
        }
        var version = typeof(AccountOperation).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "?";
        return new HubEnvironment
        {
            ModelReleaseVersion = version,
            DotNetVersion = System.Environment.Version.ToString(),
            OperatingSystem = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            Endpoint = session.Endpoint.ToString(),
            HfHome = SessionEnvironment.HfHome(env) ?? "",
            HubCache = session.Options.HubCacheFolder ?? "",
            ModelReleaseCache = session.Options.CacheFolder,
            TokenPath = session.Tokens.TokenFilePath(),
            TokenSource = source,
            Offline = session.Options.Offline,
            ProgressBarsDisabled = session.Options.ProgressBarsDisabled,
            Proxies = new[] { "HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY" }.Where(v => !string.IsNullOrEmpty(env(v)) || !string.IsNullOrEmpty(env(v.ToLowerInvariant()))).ToList(),
        };
    }
}

/// <summary>A token to log in with, and where to keep it.</summary>
public sealed record LoginOptions
{
    public required string Token { get; init; }

    /// <summary>A SecretManagement vault to keep it in instead of the token file.</summary>
    public string? Vault { get; init; }

    /// <summary>The secret's name in the vault.</summary>
    public string SecretName { get; init; } = "HuggingFaceToken";
}

/// <summary>What a logout forgot: the token file it deleted, the vault it stopped using, and an environment variable that still gives a token.</summary>
public sealed record LogoutResult(string? DeletedTokenFile, VaultReference? ForgotVault, string? EnvironmentToken);
