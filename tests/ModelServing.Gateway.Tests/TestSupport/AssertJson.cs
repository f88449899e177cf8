using System.Text.Json.Nodes;

namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>JSON equality by value: numbers compare by value (<c>1</c> equals <c>1.0</c>), objects ignore key order.</summary>
internal static class AssertJson
{
    public static void Equal(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(expectedNode, actual), $"Expected {expectedNode?.ToJsonString()} but got {actual?.ToJsonString()}");
    }
}
