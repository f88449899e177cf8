using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelServing.Storage.Mirror;

/// <summary>What the mirror holds: per local path, the remote object's size, ETag and checksum when it was downloaded.</summary>
/// <remarks>Kept in <c>.manifest.json</c> at the mirror's root and written atomically after every change, so a restart with a
/// warm cache compares a fresh listing with it and downloads nothing that did not change. Not thread-safe.</remarks>
internal sealed class MirrorManifest
{
    public const string FileName = ".manifest.json";

    [JsonPropertyName("objects")]
    public Dictionary<string, MirrorManifestEntry> Objects { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Reads the manifest; an absent or unreadable one is empty (everything is then checked by downloading).</summary>
    public static MirrorManifest Load(string mirrorRoot)
    {
        try
        {
            using var stream = File.OpenRead(Path.Combine(mirrorRoot, FileName));
            return JsonSerializer.Deserialize(stream, MirrorManifestJson.Default.MirrorManifest) ?? new MirrorManifest();
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return new MirrorManifest();
        }
    }

    /// <summary>Writes the manifest to a temporary file and renames it over the old one.</summary>
    public void Save(string mirrorRoot)
    {
        var path = Path.Combine(mirrorRoot, FileName);
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        {
            JsonSerializer.Serialize(stream, this, MirrorManifestJson.Default.MirrorManifest);
        }

        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>One mirrored object as it was listed when downloaded.</summary>
/// <param name="Size">Its length.</param>
/// <param name="ETag">The store's ETag, or null.</param>
/// <param name="Checksum">The checksum as <c>md5:hex</c> or <c>crc32c:hex</c>, or null.</param>
internal sealed record MirrorManifestEntry(
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("etag")] string? ETag,
    [property: JsonPropertyName("checksum")] string? Checksum)
{
    public static MirrorManifestEntry From(RemoteObject item) => new(
        item.Size,
        item.ETag,
        item.Checksum is { } c ? (c.Kind == ChecksumKind.Md5 ? "md5:" : "crc32c:") + Convert.ToHexStringLower(c.Value.Span) : null);
}

[JsonSerializable(typeof(MirrorManifest))]
internal sealed partial class MirrorManifestJson : JsonSerializerContext;
