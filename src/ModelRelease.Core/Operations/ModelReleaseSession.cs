using ModelRelease.Core.Cards;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Validation;
using ModelRelease.Core.Hashing;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Download;
using ModelRelease.Core.Hub.Publishing;
using ModelRelease.Core.Operations.Branches;
using ModelRelease.Core.Operations.Accounts;
using ModelRelease.Core.Operations.Cache;
using ModelRelease.Core.Operations.Download;
using ModelRelease.Core.Operations.Gate;
using ModelRelease.Core.Operations.Repositories;
using ModelRelease.Core.Operations.Publish;
using ModelRelease.Core.Operations.Registry;
using ModelRelease.Core.Operations.Release;
using ModelRelease.Core.Operations.Tags;
using ModelRelease.Core.Operations.Versions;
using ModelRelease.Core.Operations.Weights;

namespace ModelRelease.Core.Operations;

/// <summary>
/// What every operation shares, owned in one place: the hash cache (in the folder the options name, saved when the
/// session ends), the hasher, the checkpoint inspector and validator, and the Hub connection (opened on first use).
/// Faces make one session per command from <see cref="SessionEnvironment"/>, build an options record from their
/// parameters, call one operation and render its result: <c>await session.Release.RunAsync(options, decide, progress, ct)</c>.
/// </summary>
public sealed class ModelReleaseSession : IDisposable
{
    private readonly object _hubGate = new();
    private readonly Lazy<HashCache> _hashCache;
    private HubClient? _hub;
    private bool _disposed;

    public ModelReleaseSession(ModelReleaseSessionOptions options)
    {
        Options = options;
        // Read on first use: a command that hashes nothing never opens the cache file.
        _hashCache = new Lazy<HashCache>(() => options.CacheFolder is { } folder ? HashCache.Load(Path.Combine(folder, "hash-cache.json")) : HashCache.InMemory());
        Hasher = new FileHasher();
        Inspector = new CheckpointInspector(options.ReadContext);
        Validator = new CheckpointValidator(Inspector, Hasher);
        Tokens = new TokenResolver(options.Environment, options.ReadTokenFile, options.Warn, options.ReadVaultSecret,
            options.CacheFolder is { } cache ? Path.Combine(cache, "token-vault.json") : null);
        Gate = new CheckpointGate(this);
        Publish = new PublishOperation(this);
        Tag = new TagOperation(this);
        Release = new ReleaseJob(this);
        FamilyRelease = new FamilyReleaseJob(this);
        Branches = new BranchOperation(this);
        Versions = new VersionBumpOperation(this);
        Weights = new WeightsOperation(this);
        Models = new ModelRegistryOperations(this);
        Download = new DownloadOperation(this);
        Cache = new CacheOperation(this);
        Accounts = new AccountOperation(this);
        Repositories = new RepositoryOperation(this);
    }

    public ModelReleaseSessionOptions Options { get; }

    /// <summary>SHA-256 of files already hashed (<c>hash-cache.json</c> in the cache folder), saved when the session ends.</summary>
    public HashCache HashCache => _hashCache.Value;

    public FileHasher Hasher { get; }

    public CheckpointInspector Inspector { get; }

    public CheckpointValidator Validator { get; }

    /// <summary>Where the token and the endpoint come from (the options' environment).</summary>
    public TokenResolver Tokens { get; }

    /// <summary>Recognise, validate and refuse: the one checkpoint gate.</summary>
    public CheckpointGate Gate { get; }

    /// <summary>Plan a publish once, then execute exactly that plan.</summary>
    public PublishOperation Publish { get; }

    /// <summary>Plan a tag on the Hub and in a local repository, then apply it.</summary>
    public TagOperation Tag { get; }

    /// <summary>The whole release: check everything, then publish, tag and verify.</summary>
    public ReleaseJob Release { get; }

    /// <summary>A family's release from its manifest: every variant checked first, then each released.</summary>
    public FamilyReleaseJob FamilyRelease { get; }

    /// <summary>Branches: list, create, delete.</summary>
    public BranchOperation Branches { get; }

    /// <summary>The next version of a tag family.</summary>
    public VersionBumpOperation Versions { get; }

    /// <summary>The weights registry's writes and downloads: publish and register, verify against the Hub, save into the cache.</summary>
    public WeightsOperation Weights { get; }
    /// <summary>The governed lifecycle: the model store, its registry database, gates, rollback, parameters and audit.</summary>
    public ModelRegistryOperations Models { get; }
    /// <summary>Downloads into the shared Hugging Face cache (or a folder), offline from the cache alone.</summary>
    public DownloadOperation Download { get; }

    /// <summary>List and prune the shared Hugging Face cache.</summary>
    public CacheOperation Cache { get; }

    /// <summary>Who the token is; log in and out.</summary>
    public AccountOperation Accounts { get; }

    /// <summary>Create, delete and change repositories; delete files and tags.</summary>
    public RepositoryOperation Repositories { get; }

    /// <summary>The Hub's endpoint (the explicit one, else HF_ENDPOINT, else https://huggingface.co).</summary>
    public Uri Endpoint => Tokens.ResolveEndpoint(Options.Hub.Endpoint);

    /// <summary>The Hub, opened on first use with the token when there is one (reading public repositories needs none).</summary>
    public HubClient Hub
    {
        get
        {
            lock (_hubGate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _hub ??= (Options.Hub with { RequireToken = false }).Open(Tokens);
            }
        }
    }

    /// <summary>The Hub for a write: a HubTokenNotFound error naming every place looked at when there is no token.</summary>
    public HubClient HubForWriting()
    {
        var hub = Hub;
        if (hub.Token is null) Tokens.Resolve(Options.Hub.ExplicitToken, Options.Hub.ExplicitTokenSource);
        return hub;
    }

    /// <summary>Release tags of the session's Hub.</summary>
    public ReleaseTagger Tags => new(Hub);

    /// <summary>Downloads from the session's Hub, verified by the session's hasher.</summary>
    public Downloader Downloads => new(Hub, Hasher);

    /// <summary>Hashing for a card's file table, through the session's cache.</summary>
    public CardHashing CardHashing(IProgress<(long Done, long Total)>? progress = null) => new(HashCache, Hasher, progress);

    internal Publisher Publisher() => new(HubForWriting(), HashCache, Hasher);

    /// <summary>The folder a release of <paramref name="repo"/> at <paramref name="version"/> keeps its card in (null without a cache folder).</summary>
    public string? ReleaseFolder(RepoRef repo, string version) =>
        Options.CacheFolder is { } folder ? Path.Combine([folder, "releases", .. repo.Id.Split('/'), "v" + version]) : null;

    /// <summary>Saves the hash cache and closes the Hub connection.</summary>
    public void Dispose()
    {
        lock (_hubGate)
        {
            if (_disposed) return;
            _disposed = true;
            _hub?.Dispose();
        }
        if (_hashCache.IsValueCreated) _hashCache.Value.Save();
    }
}
