using System.Text.Json.Serialization;
using FlowOrleans.Streaming.Watermarks;
using FlowOrleans.Streaming.Windowing;

namespace FlowOrleans.Streaming;

/// <summary>Source-generated JSON metadata for grain state: windows, sessions, the watermark and the open-window index.</summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(WindowState))]
[JsonSerializable(typeof(SessionWindowState))]
[JsonSerializable(typeof(WatermarkTracker))]
[JsonSerializable(typeof(OpenWindowIndex))]
public sealed partial class StreamStateJsonContext : JsonSerializerContext;
