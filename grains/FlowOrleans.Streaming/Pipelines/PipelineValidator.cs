using FlowOrleans.Streaming.Aggregation;

namespace FlowOrleans.Streaming.Pipelines;

/// <summary>Checks a <see cref="PipelineDefinition"/> and returns every error, each naming its field.</summary>
public static class PipelineValidator
{
    /// <summary>Every problem of the definition; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(PipelineDefinition? definition, AggregatorRegistry? registry = null)
    {
        var errors = new List<string>();
        if (definition is null)
        {
            errors.Add("body must be a pipeline definition");
            return errors;
        }

        registry ??= AggregatorRegistry.CreateDefault();
        if (!IsValidName(definition.Name))
        {
            errors.Add("name must be 1-64 characters of [A-Za-z0-9_-]");
        }

        ValidateWindow(definition, errors);
        if (definition.GroupBy is not null && definition.GroupBy != "key")
        {
            errors.Add("groupBy must be \"key\" or null");
        }

        if (definition.Types is { } types)
        {
            if (types.Count == 0)
            {
                errors.Add("types must not be empty (use null to keep every type)");
            }

            foreach (var t in types)
            {
                if (string.IsNullOrWhiteSpace(t))
                {
                    errors.Add("types must not contain empty names");
                }
            }
        }

        if (definition.WatermarkDelay < 0)
        {
            errors.Add("watermarkDelay must be >= 0");
        }

        if (definition.AllowedLateness < 0)
        {
            errors.Add("allowedLateness must be >= 0");
        }

        if (definition.IdleTimeout <= 0)
        {
            errors.Add("idleTimeout must be > 0");
        }

        if (definition.Shards is < 1 or > 1024)
        {
            errors.Add("shards must be between 1 and 1024");
        }

        ValidateAggregates(definition, registry, errors);
        return errors;
    }

    /// <summary>True for 1-64 characters of <c>[A-Za-z0-9_-]</c>.</summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static void ValidateWindow(PipelineDefinition definition, List<string> errors)
    {
        var w = definition.Window;
        if (w is null)
        {
            errors.Add("window is required");
            return;
        }

        switch (w.Type)
        {
            case WindowTypes.Tumbling:
                if (w.Size <= 0)
                {
                    errors.Add("window.size must be > 0");
                }

                break;
            case WindowTypes.Sliding:
                if (w.Size <= 0)
                {
                    errors.Add("window.size must be > 0");
                }

                if (w.Slide is not { } slide || slide <= 0)
                {
                    errors.Add("window.slide must be > 0");
                }
                else if (w.Size > 0 && w.Size % slide != 0)
                {
                    errors.Add("window.slide must divide window.size");
                }
                else if (w.Size > 0 && w.Size / slide > 1000)
                {
                    errors.Add("window.size / window.slide must be <= 1000");
                }

                break;
            case WindowTypes.Session:
                if (w.Gap is not { } gap || gap <= 0)
                {
                    errors.Add("window.gap must be > 0");
                }

                break;
            default:
                errors.Add("window.type must be one of tumbling, sliding, session");
                break;
        }
    }

    private static void ValidateAggregates(PipelineDefinition definition, AggregatorRegistry registry, List<string> errors)
    {
        if (definition.Aggregates is not { } aggregates)
        {
            errors.Add("aggregates must be a list");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in aggregates)
        {
            if (!registry.IsKnown(name))
            {
                errors.Add($"aggregates: unknown aggregate '{name}'");
            }
            else if (!seen.Add(name))
            {
                errors.Add($"aggregates: '{name}' is listed twice");
            }
        }
    }
}
