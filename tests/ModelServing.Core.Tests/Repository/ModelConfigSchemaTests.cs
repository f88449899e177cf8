using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelServing.Core.Repository;

namespace ModelServing.Core.Tests.Repository;

/// <summary>The published JSON Schema (docs/model-config.schema.json) and the loader agree on every section's fields.</summary>
public sealed class ModelConfigSchemaTests
{
    private static readonly JsonObject s_schema = LoadSchema();

    public static TheoryData<string> Sections => ["", "runtime", "batching", "warmup", "circuitBreaker"];

    [Theory]
    [MemberData(nameof(Sections))]
    public void UnknownField_ErrorListsExactlyTheSchemaProperties(string section)
    {
        var unknown = new JsonObject { ["zz"] = 1 };
        var json = (section.Length == 0 ? unknown : new JsonObject { [section] = unknown }).ToJsonString();

        var errors = Parse(json);

        var error = Assert.Single(errors);
        var expected = error[(error.IndexOf("expected one of: ", StringComparison.Ordinal) + "expected one of: ".Length)..].TrimEnd(')');
        var accepted = expected.Split(", ").ToHashSet();
        var published = Properties(section).Select(p => p.Key).Where(k => k != "$schema").ToHashSet();
        Assert.Equal(published.Order(), accepted.Order());
    }

    [Theory]
    [InlineData("runtime")]
    [InlineData("batching")]
    [InlineData("warmup")]
    [InlineData("circuitBreaker")]
    public void EverySchemaProperty_WithASchemaValidValue_IsAccepted(string section)
    {
        var values = new JsonObject();
        foreach (var (name, property) in Properties(section))
        {
            values[name] = SampleValue(property!.AsObject());
        }

        var errors = Parse(new JsonObject { [section] = values }.ToJsonString());

        Assert.Empty(errors);
    }

    [Fact]
    public void ExampleModelConfigs_UseOnlySchemaSections()
    {
        var root = RepositoryRoot();
        foreach (var file in Directory.GetFiles(Path.Combine(root, "models"), "config.json", SearchOption.AllDirectories))
        {
            var config = JsonNode.Parse(File.ReadAllText(file), documentOptions: new() { CommentHandling = JsonCommentHandling.Skip })!.AsObject();
            Assert.All(config, p => Assert.True(s_schema["properties"]!.AsObject().ContainsKey(p.Key), $"{file}: {p.Key}"));
        }
    }

    private static List<string> Parse(string json) =>
        ModelConfigLoader.Parse(Encoding.UTF8.GetBytes(json), "m/config.json").Errors.Select(e => e.ToString()).ToList();

    private static JsonObject Properties(string section) =>
        (section.Length == 0 ? s_schema : s_schema["properties"]![section]!.AsObject())["properties"]!.AsObject();

    private static JsonNode SampleValue(JsonObject property)
    {
        if (property["default"] is { } value && value.GetValueKind() != JsonValueKind.Array)
        {
            return value.DeepClone();
        }

        return (string)property["type"]! switch
        {
            "integer" => JsonValue.Create((long)property["minimum"]!),
            "boolean" => JsonValue.Create(true),
            "string" => JsonValue.Create(FirstChoice(property)),
            // Free strings in lists are file paths (warmup.requests) that would have to exist: an empty list.
            "array" when property["items"]!["type"]!.GetValue<string>() == "string" && property["items"]!["pattern"] is null => new JsonArray(),
            "array" => new JsonArray(SampleValue(property["items"]!.AsObject())),
            var other => throw new InvalidOperationException($"no sample for schema type {other}"),
        };
    }

    // A pattern such as ^(?i:none|basic)$ names the choices; a free string gets a plain word.
    private static string FirstChoice(JsonObject property) =>
        property["pattern"] is { } pattern ? ((string)pattern!).Split(':', '|')[1] : "word";

    private static JsonObject LoadSchema() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "model-config.schema.json")))!.AsObject();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ModelServing.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ModelServing.sln not found above the test directory");
    }
}
