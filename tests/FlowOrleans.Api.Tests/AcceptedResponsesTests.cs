using System.Text.Json;
using FlowOrleans.ClientApi.Ingest;
using FlowOrleans.ClientApi.Json;

namespace FlowOrleans.Api.Tests;

public class AcceptedResponsesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1_000)]
    [InlineData(1_024)]
    [InlineData(1_025)]
    [InlineData(123_456)]
    public void The_ready_202_body_is_the_serializers(int accepted)
    {
        var serialized = JsonSerializer.SerializeToUtf8Bytes(new IngestResponse(accepted, 0, []), ApiJson.Context.IngestResponse);

        Assert.Equal(serialized, AcceptedResponses.AllAccepted(accepted));
        Assert.Same(AcceptedResponses.AllAccepted(1), AcceptedResponses.AllAccepted(1));
    }
}
