using System.Text.Json;
using System.Text.Json.Serialization;
using FlowOrleans.ClientApi.Json;
using FlowOrleans.GrainInterfaces;
using FlowOrleans.Streaming;

namespace FlowOrleans.ClientApi.Live;

/// <summary>
/// A message on <c>/ws</c>: <c>{"type":"result","update":false,"data":{window result}}</c>,
/// <c>{"type":"retraction","data":{retraction}}</c>, <c>{"type":"late","data":{late event}}</c> or
/// <c>{"type":"watermark","data":{watermark}}</c>. A result with <c>"update": true</c> replaces the one with the same
/// pipeline, key and window start; a retraction removes the result with its pipeline, key and window start if that
/// result's revision is below the retraction's (a session merged within allowed lateness under an earlier start).
/// </summary>
public sealed record LiveMessage(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("data")] JsonElement Data,
    [property: JsonPropertyName("update"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Update = null)
{
    /// <summary>The UTF-8 message for a window result.</summary>
    public static byte[] For(WindowResult result) => Encode(new LiveMessage("result",
        JsonSerializer.SerializeToElement(result, StreamJsonContext.Default.WindowResult), result.Revision > 0));

    /// <summary>The UTF-8 message for a retracted window result.</summary>
    public static byte[] For(WindowRetraction retraction) => Encode(new LiveMessage("retraction",
        JsonSerializer.SerializeToElement(retraction, StreamJsonContext.Default.WindowRetraction)));

    /// <summary>The UTF-8 message for a late event.</summary>
    public static byte[] For(LateEventRecord late) => Encode(new LiveMessage("late",
        JsonSerializer.SerializeToElement(late, StreamJsonContext.Default.LateEventRecord)));

    /// <summary>The UTF-8 message for a watermark change.</summary>
    public static byte[] For(WatermarkInfo watermark) => Encode(new LiveMessage("watermark",
        JsonSerializer.SerializeToElement(watermark, ApiJson.Context.WatermarkInfo)));

    private static byte[] Encode(LiveMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, ApiJson.Context.LiveMessage);
}
