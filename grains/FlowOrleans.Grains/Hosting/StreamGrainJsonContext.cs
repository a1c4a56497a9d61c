using System.Text.Json;
using System.Text.Json.Serialization;
using FlowOrleans.Grains.Partitions;
using FlowOrleans.Grains.Pipelines;
using FlowOrleans.Grains.Watermarks;
using FlowOrleans.Grains.Windows;

namespace FlowOrleans.Grains.Hosting;

/// <summary>Source-generated JSON metadata for the stream grains' checkpoints.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(WindowGrainState))]
[JsonSerializable(typeof(SessionGrainState))]
[JsonSerializable(typeof(WatermarkGrainState))]
[JsonSerializable(typeof(PartitionGrainState))]
[JsonSerializable(typeof(PipelineCatalogState))]
public sealed partial class StreamGrainJsonContext : JsonSerializerContext;
