using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelRelease.HubEmulator.Storage;

/// <summary>Source-generated JSON of the files the store keeps (web defaults, indented): no reflection, so the native CLI's emulator reads and writes them.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(RepoRecord))]
[JsonSerializable(typeof(RefsRecord))]
[JsonSerializable(typeof(CommitRecord))]
[JsonSerializable(typeof(Dictionary<int, string>))]
internal sealed partial class StorageJson : JsonSerializerContext;
