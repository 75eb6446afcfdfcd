using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModelRelease.HubEmulator.Faults;
using ModelRelease.HubEmulator.Git;
using ModelRelease.HubEmulator.Http;

namespace ModelRelease.HubEmulator.Endpoints;

/// <summary>Preupload, the LFS batch endpoint, and the basic and multipart transfers with verification.</summary>
internal static class UploadEndpoints
{
    private static readonly Regex Sha256Hex = new("^[0-9a-f]{64}$", RegexOptions.CultureInvariant);

    public static void Map(IEndpointRouteBuilder app, HubContext hub)
    {
        app.MapPost($"/api/{RepoEndpoints.Types}/{{ns}}/{{name}}/preupload/{{rev}}", async (HttpContext http, string type, string ns, string name, string rev) =>
        {
            var (t, id) = RepoEndpoints.Repo(type, ns, name);
            hub.Writable(http, t, id);
            var revision = HubContext.Decode(rev);
            var head = hub.Store.Resolve(t, id, revision) ?? throw HubError.RevisionNotFound(revision);
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
            var root = body.RootElement;
            if (!root.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array) throw HubError.BadRequest("'files' must be an array");
            if (files.GetArrayLength() > hub.Options.MaxPreuploadFiles) throw new HubError(413, $"Too many files in one preupload call ({hub.Options.MaxPreuploadFiles} at most)");
            var current = head.Commit.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
            var attributesText = root.TryGetProperty("gitAttributes", out var ga) && ga.ValueKind == JsonValueKind.String ? ga.GetString()
                : current.TryGetValue(".gitattributes", out var existing) && existing.Lfs is null ? Encoding.UTF8.GetString(hub.Store.ReadBlob(existing.BlobId)) : null;
            var attributes = new GitAttributes(attributesText);
            var answers = new List<PreuploadFileAnswer>();
            foreach (var f in files.EnumerateArray())
            {
                var path = f.GetProperty("path").GetString() ?? "";
                var size = f.TryGetProperty("size", out var s) && s.TryGetInt64(out var sz) ? sz : 0;
                var sample = f.TryGetProperty("sample", out var smp) && smp.ValueKind == JsonValueKind.String ? Convert.FromBase64String(smp.GetString()!) : [];
                var lfs = size > 0 && (attributes.IsLfs(path) || size > 10 << 20 || (size > 1 << 20 && LooksBinary(sample)));
                current.TryGetValue(path, out var entry);
                var oid = entry is null ? null : entry.Lfs?.Oid ?? entry.BlobId;
                answers.Add(new PreuploadFileAnswer(path, lfs ? "lfs" : "regular", false, oid));
            }
            return HubContext.Json(new PreuploadAnswer(answers, head.Commit.Id));
        }).WithMetadata(new HubEndpointName("preupload"));

        // The LFS batch endpoint, for each repository type's content prefix.
        foreach (var prefix in new[] { "", "/datasets", "/spaces" })
        {
            var type = prefix.Length == 0 ? "model" : prefix[1..^1];
            app.MapPost(prefix + "/{ns}/{name}.git/info/lfs/objects/batch", (HttpContext http, string ns, string name) => BatchAsync(http, hub, type, HubContext.Decode(ns) + "/" + HubContext.Decode(name)))
                .WithMetadata(new HubEndpointName("batch"));
        }

        app.MapPut("/_lfs/upload/{token}", (HttpContext http, string token) => BasicUploadAsync(http, hub, token)).WithMetadata(new HubEndpointName("upload"));
        app.MapPut("/_lfs/part/{token}/{part:int}", (HttpContext http, string token, int part) => PartUploadAsync(http, hub, token, part)).WithMetadata(new HubEndpointName("part"));
        app.MapPost("/_lfs/complete/{token}", (HttpContext http, string token) => CompleteAsync(http, hub, token)).WithMetadata(new HubEndpointName("complete"));
        app.MapDelete("/_lfs/complete/{token}", (HttpContext http, string token) => Abort(hub, token)).WithMetadata(new HubEndpointName("abort"));
    }

    private static bool LooksBinary(byte[] sample)
    {
        if (sample.Contains((byte)0)) return true;
        try
        {
            _ = new UTF8Encoding(false, true).GetString(sample);
            return false;
        }
        catch (DecoderFallbackException)
        {
            return true;
        }
    }

    private static async Task<IResult> BatchAsync(HttpContext http, HubContext hub, string type, string id)
    {
        hub.Writable(http, type, id);
        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
        var root = body.RootElement;
        var operation = root.TryGetProperty("operation", out var op) ? op.GetString() : null;
        if (operation != "upload") throw new HubError(422, "Only the upload operation is supported");
        if (root.TryGetProperty("hash_algo", out var algo) && algo.GetString() is not ("sha256" or "sha_256")) throw new HubError(409, "Unsupported hash algorithm");
        var objects = root.GetProperty("objects");
        if (objects.GetArrayLength() > hub.Options.MaxLfsBatchObjects) throw new HubError(413, $"Too many objects in one batch ({hub.Options.MaxLfsBatchObjects} at most)");
        var baseUrl = HubContext.BaseUrl(http);
        var answers = new List<LfsObjectAnswer>();
        foreach (var o in objects.EnumerateArray())
        {
            var oid = o.TryGetProperty("oid", out var oo) ? oo.GetString() ?? "" : "";
            var size = o.TryGetProperty("size", out var ss) && ss.TryGetInt64(out var s) ? s : -1;
            if (!Sha256Hex.IsMatch(oid) || size < 0)
            {
                answers.Add(new LfsObjectAnswer(oid, Math.Max(size, 0), Error: new LfsObjectError(422, "oid must be 64 lowercase hex digits and size a non-negative integer")));
                continue;
            }
            if (hub.Store.HasLfsObject(oid, out var have) && have == size)
            {
                answers.Add(new LfsObjectAnswer(oid, size));
                continue;
            }
            if (size >= hub.Options.MultipartThreshold && size > hub.Options.ChunkSize)
            {
                // One multipart upload per repository, object and part size, as a storage that lists its open uploads:
                // asking again (the URLs expired, the client restarted) hands back the same upload with its parts.
                var uploadId = hub.Signer.Tag($"multipart\n{type}\n{id}\n{oid}\n{size}\n{hub.Options.ChunkSize}");
                var parts = (int)((size + hub.Options.ChunkSize - 1) / hub.Options.ChunkSize);
                var token = hub.Signer.Sign("multipart", type, id, oid, size.ToString(System.Globalization.CultureInfo.InvariantCulture), uploadId, hub.Options.ChunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var header = new Dictionary<string, string> { ["chunk_size"] = hub.Options.ChunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                for (var p = 1; p <= parts; p++) header[p.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)] = $"{baseUrl}/_lfs/part/{token}/{p}";
                answers.Add(new LfsObjectAnswer(oid, size, true, new LfsActions(new LfsUploadAction($"{baseUrl}/_lfs/complete/{token}", header, 86400))));
            }
            else
            {
                var uploadId = Guid.NewGuid().ToString("N");
                var token = hub.Signer.Sign("basic", type, id, oid, size.ToString(System.Globalization.CultureInfo.InvariantCulture), uploadId);
                answers.Add(new LfsObjectAnswer(oid, size, true, new LfsActions(new LfsUploadAction($"{baseUrl}/_lfs/upload/{token}", null, 86400))));
            }
        }
        return Results.Json(new LfsBatchAnswer("basic", answers, "sha256"), EmulatorJson.Default.LfsBatchAnswer, "application/vnd.git-lfs+json");
    }

    private static string[] Token(HubContext hub, string token, string kind)
    {
        var fields = hub.Signer.Verify(token);
        if (fields is null || fields[0] != kind) throw new HubError(403, "The upload URL is invalid or has expired; ask the batch endpoint for a new one", "Forbidden");
        return fields;
    }

    private static async Task<IResult> BasicUploadAsync(HttpContext http, HubContext hub, string token)
    {
        var f = Token(hub, token, "basic");
        var (oid, size) = (f[3], long.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture));
        // Each request writes its own temporary file: two PUTs to one URL never share (or delete) each other's bytes.
        var temp = Path.Combine(hub.Store.UploadsDirectory, f[5] + "." + Guid.NewGuid().ToString("N") + ".basic");
        var corrupt = hub.Faults.Roll("upload", FaultInjector.Kind.Corrupt) is not null;
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long received = 0;
            await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
            {
                var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
                try
                {
                    int n;
                    while ((n = await http.Request.Body.ReadAsync(buffer, http.RequestAborted).ConfigureAwait(false)) > 0)
                    {
                        received += n;
                        if (received > size) throw HubError.BadRequest($"The upload is longer than the {size} bytes announced");
                        if (corrupt && received == n) buffer[0] ^= 0xFF; // simulate bytes damaged in transit
                        sha.AppendData(buffer, 0, n);
                        await file.WriteAsync(buffer.AsMemory(0, n), http.RequestAborted).ConfigureAwait(false);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    hub.Statistics.AddUploaded(received); // every byte that arrived, an upload cut off half way included
                }
            }
            if (received != size) throw HubError.BadRequest($"Received {received} bytes but the object has {size}");
            var actual = Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
            if (actual != oid) throw new HubError(400, $"The uploaded bytes have sha256 {actual}, not {oid}: upload again", "BadRequest");
            hub.Store.AddLfsObject(oid, temp);
            return Results.Ok();
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static MultipartUploads.Upload Upload(HubContext hub, string[] f) =>
        hub.Multipart.GetOrCreate(f[5], () =>
        {
            var size = long.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture);
            var file = Path.Combine(hub.Store.UploadsDirectory, f[5] + ".multipart");
            using (var fs = new FileStream(file, FileMode.OpenOrCreate, FileAccess.Write)) fs.SetLength(size);
            return new MultipartUploads.Upload(f[5], f[3], size, long.Parse(f[6], System.Globalization.CultureInfo.InvariantCulture), file);
        });

    private static async Task<IResult> PartUploadAsync(HttpContext http, HubContext hub, string token, int part)
    {
        var f = Token(hub, token, "multipart");
        var upload = Upload(hub, f);
        if (part < 1 || part > upload.PartCount) throw HubError.BadRequest($"Part {part} is outside 1..{upload.PartCount}");
        var offset = (part - 1) * upload.ChunkSize;
        var expected = Math.Min(upload.ChunkSize, upload.Size - offset);
        var corrupt = hub.Faults.Roll("part", FaultInjector.Kind.Corrupt) is not null;
        using var handle = File.OpenHandle(upload.File, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, FileOptions.Asynchronous);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        long received = 0;
        try
        {
            int n;
            while ((n = await http.Request.Body.ReadAsync(buffer, http.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (received + n > expected) throw HubError.BadRequest($"Part {part} is longer than its {expected} bytes");
                if (corrupt && received == 0) buffer[0] ^= 0xFF;
                await RandomAccess.WriteAsync(handle, buffer.AsMemory(0, n), offset + received, http.RequestAborted).ConfigureAwait(false);
                received += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            hub.Statistics.AddUploaded(received); // every byte that arrived, a part cut off half way included
        }
        if (received != expected) throw HubError.BadRequest($"Part {part} has {received} bytes; it should have {expected}");
        var etag = "\"" + hub.Signer.Tag($"{upload.Id}/{part}/{received}/{Guid.NewGuid():N}") + "\"";
        upload.Received(part, etag);
        http.Response.Headers.ETag = etag;
        return Results.Ok();
    }

    /// <summary>
    /// DELETE on the completion URL drops a multipart upload and its parts (as S3's AbortMultipartUpload does): a client
    /// that will not complete an upload says so, and no part is left behind. 404 when there is no such upload.
    /// </summary>
    private static IResult Abort(HubContext hub, string token)
    {
        var f = Token(hub, token, "multipart");
        var file = Path.Combine(hub.Store.UploadsDirectory, f[5] + ".multipart");
        var upload = hub.Multipart.Get(f[5]) ?? (File.Exists(file) || File.Exists(file + ".parts.json") ? Upload(hub, f) : null);
        if (upload is null) throw new HubError(404, "No such multipart upload", "NotFound");
        hub.Multipart.Remove(upload.Id);
        upload.Discard();
        return Results.NoContent();
    }

    private static async Task<IResult> CompleteAsync(HttpContext http, HubContext hub, string token)
    {
        var f = Token(hub, token, "multipart");
        if (hub.Store.HasLfsObject(f[3], out var have) && have == long.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture))
        {
            return Results.Ok(); // completed before (a retried completion)
        }
        // After a restart the upload is found again from its files on disk.
        var upload = hub.Multipart.Get(f[5]) ?? (File.Exists(Path.Combine(hub.Store.UploadsDirectory, f[5] + ".multipart")) ? Upload(hub, f) : null);
        if (upload is null) throw new HubError(404, "No such multipart upload: upload the parts again", "NotFound");
        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
        var root = body.RootElement;
        if (root.TryGetProperty("oid", out var oid) && oid.GetString() != upload.Oid) throw HubError.BadRequest("The completion names another object");
        var parts = root.GetProperty("parts").EnumerateArray().Select(p => (Number: p.GetProperty("partNumber").GetInt32(), ETag: p.GetProperty("etag").GetString())).ToList();
        if (parts.Count != upload.PartCount || parts.Select(p => p.Number).Order().SequenceEqual(Enumerable.Range(1, upload.PartCount)) is false)
        {
            throw HubError.BadRequest($"The completion must list parts 1..{upload.PartCount} once each");
        }
        foreach (var (number, etag) in parts)
        {
            if (!upload.ETags.TryGetValue(number, out var stored) || stored != etag) throw HubError.BadRequest($"Part {number} was not uploaded, or its ETag does not match");
        }
        await upload.Completing.WaitAsync(http.RequestAborted).ConfigureAwait(false);
        try
        {
            string actual;
            await using (var file = new FileStream(upload.File, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20, FileOptions.SequentialScan))
            {
                actual = Convert.ToHexString(await SHA256.HashDataAsync(file, http.RequestAborted).ConfigureAwait(false)).ToLowerInvariant();
            }
            if (actual != upload.Oid)
            {
                hub.Multipart.Remove(upload.Id);
                upload.Discard();
                throw new HubError(400, $"The assembled object has sha256 {actual}, not {upload.Oid}: upload it again", "BadRequest");
            }
            hub.Store.AddLfsObject(upload.Oid, upload.File);
            hub.Multipart.Remove(upload.Id);
            upload.Discard();
            return Results.Ok();
        }
        finally
        {
            upload.Completing.Release();
        }
    }
}
