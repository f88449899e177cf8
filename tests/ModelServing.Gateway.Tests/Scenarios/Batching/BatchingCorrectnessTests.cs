using System.Globalization;
using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;
using ModelServing.ModelGen;

namespace ModelServing.Gateway.Tests.Scenarios.Batching;

/// <summary>Batched answers equal the answers each request gets alone, under concurrent load on a real gateway.</summary>
public sealed class BatchingCorrectnessTests
{
    private static double Approval(double income, double cards, double age)
    {
        var z = (double)LoansModel.Intercept + ((double)LoansModel.IncomeWeight * income) + ((double)LoansModel.CreditCardsWeight * cards) + ((double)LoansModel.AgeWeight * age);
        return 1 / (1 + Math.Exp(-z));
    }

    [Fact]
    public async Task ManyClientsMixedRowCounts_EveryResponseMatchesItsOwnRequest()
    {
        using var repository = new TestRepository().WithLoans()
            .WithConfig("loans", """{"batching": {"maxBatchSize": 8, "maxQueueDelayMicroseconds": 1000, "preferredBatchSizes": [4, 8]}}""");
        await using var host = await GatewayHost.StartAsync(repository.Root);

        var clients = Enumerable.Range(0, 16).Select(async client =>
        {
            var random = new Random(client);
            for (var request = 0; request < 25; request++)
            {
                var rows = Enumerable.Range(0, random.Next(1, 12))
                    .Select(_ => (Income: random.Next(0, 10_000), Cards: random.Next(0, 6), Age: random.Next(18, 90)))
                    .ToArray();
                var instances = string.Join(',', rows.Select(r => string.Create(CultureInfo.InvariantCulture, $$"""{"income":{{r.Income}},"credit_cards":{{r.Cards}},"age":{{r.Age}}}""")));

                var (status, body) = await host.PostJsonAsync("/v1/models/loans:predict", $$"""{"instances":[{{instances}}]}""");

                Assert.Equal(200, status);
                var predictions = body!["predictions"]!.AsArray();
                Assert.Equal(rows.Length, predictions.Count);
                for (var i = 0; i < rows.Length; i++)
                {
                    var p = Approval(rows[i].Income, rows[i].Cards, rows[i].Age);
                    Assert.Equal(p, predictions[i]!["probabilities"]![1]!.GetValue<double>(), 1e-5);
                }
            }
        });

        await Task.WhenAll(clients);
    }

    [Fact]
    public async Task ImagesSentConcurrently_ScoresEqualTheirSingleRequestScores()
    {
        using var repository = new TestRepository().WithExampleImageModels();
        await using var host = await GatewayHost.StartAsync(repository.Root);
        var images = Enumerable.Range(0, 8)
            .Select(i => TextImages.Line($"line number {i} of eight", rotated180: i % 2 == 1))
            .Select(bytes => $$"""{"instances":[{"b64":"{{Convert.ToBase64String(bytes)}}"}]}""")
            .ToArray();
        var alone = new List<JsonNode>();
        foreach (var body in images)
        {
            alone.Add((await host.PostJsonAsync("/v1/models/text-orientation:predict", body)).Body!["predictions"]![0]!);
        }

        var together = await Task.WhenAll(Enumerable.Range(0, 4).SelectMany(_ => images).Select(body => host.PostJsonAsync("/v1/models/text-orientation:predict", body)));

        for (var i = 0; i < together.Length; i++)
        {
            Assert.Equal(200, together[i].Status);
            var expected = alone[i % images.Length];
            var actual = together[i].Body!["predictions"]![0]!;
            for (var k = 0; k < 2; k++)
            {
                Assert.Equal(expected[k]!["label"]!.GetValue<string>(), actual[k]!["label"]!.GetValue<string>());
                Assert.Equal(expected[k]!["score"]!.GetValue<double>(), actual[k]!["score"]!.GetValue<double>(), 1e-5);
            }
        }
    }
}
