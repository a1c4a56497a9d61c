using FlowOrleans.Streaming.Windowing;

namespace FlowOrleans.Streaming.Watermarks;

/// <summary>
/// The open windows of a pipeline, ordered by end (part of the watermark grain's state). Windows are registered
/// when they get their first event; <see cref="TakeDue"/> returns those to fire (end &lt;= watermark) once each, and
/// <see cref="TakeClosable"/> those past <c>end + allowedLateness</c>, removing them.
/// </summary>
public sealed class OpenWindowIndex
{
    /// <summary>Windows not fired yet, by end.</summary>
    public SortedDictionary<long, List<OpenWindowRef>> Unfired { get; set; } = [];

    /// <summary>Windows fired but still taking late events (allowed lateness), by end.</summary>
    public SortedDictionary<long, List<OpenWindowRef>> Fired { get; set; } = [];

    public int Count
    {
        get
        {
            var n = 0;
            foreach (var l in Unfired.Values)
            {
                n += l.Count;
            }

            foreach (var l in Fired.Values)
            {
                n += l.Count;
            }

            return n;
        }
    }

    /// <summary>Adds a window; returns false when it is already registered.</summary>
    public bool Register(OpenWindowRef window)
    {
        if (Contains(Fired, window))
        {
            return false;
        }

        if (!Unfired.TryGetValue(window.End, out var list))
        {
            Unfired[window.End] = list = [];
        }
        else if (list.Contains(window))
        {
            return false;
        }

        list.Add(window);
        return true;
    }

    /// <summary>The windows that fire at <paramref name="watermark"/> (each returned once), moved to <see cref="Fired"/>.</summary>
    public List<OpenWindowRef> TakeDue(long watermark)
    {
        var due = new List<OpenWindowRef>();
        while (Unfired.Count > 0)
        {
            var (end, list) = First(Unfired);
            if (!Lateness.IsDue(watermark, end))
            {
                break;
            }

            Unfired.Remove(end);
            due.AddRange(list);
            if (Fired.TryGetValue(end, out var fired))
            {
                fired.AddRange(list);
            }
            else
            {
                Fired[end] = list;
            }
        }

        return due;
    }

    /// <summary>The fired windows closed at <paramref name="watermark"/>, removed from the index.</summary>
    public List<OpenWindowRef> TakeClosable(long watermark, long allowedLateness)
    {
        var closable = new List<OpenWindowRef>();
        while (Fired.Count > 0)
        {
            var (end, list) = First(Fired);
            if (!Lateness.IsClosed(watermark, end, allowedLateness))
            {
                break;
            }

            Fired.Remove(end);
            closable.AddRange(list);
        }

        return closable;
    }

    private static KeyValuePair<long, List<OpenWindowRef>> First(SortedDictionary<long, List<OpenWindowRef>> map)
    {
        using var e = map.GetEnumerator();
        e.MoveNext();
        return e.Current;
    }

    private static bool Contains(SortedDictionary<long, List<OpenWindowRef>> map, OpenWindowRef window) =>
        map.TryGetValue(window.End, out var list) && list.Contains(window);
}
