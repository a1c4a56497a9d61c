namespace FlowOrleans.Runtime.Membership;

/// <summary>
/// The process's <see cref="IClusterMembershipView"/>. The membership service publishes a snapshot after
/// every table read that changed something; until then (and always on a silo without clustering) the view
/// holds only the local silo with its current status.
/// </summary>
internal sealed class ClusterMembershipView(ILocalSiloDetails localSilo) : IClusterMembershipView
{
    private readonly Lock _lock = new();
    private readonly List<Action<ClusterMembershipSnapshot>> _subscribers = [];
    private ClusterMembershipSnapshot? _published;
    private ClusterMembershipSnapshot? _localOnly;

    /// <inheritdoc />
    public ClusterMembershipSnapshot Current => _published ?? LocalOnly();

    /// <inheritdoc />
    public IDisposable Subscribe(Action<ClusterMembershipSnapshot> onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        lock (_lock)
        {
            _subscribers.Add(onChanged);
        }

        return new Subscription(this, onChanged);
    }

    /// <summary>Installs <paramref name="snapshot"/> when it differs from the current one and tells the subscribers.</summary>
    public void Publish(ClusterMembershipSnapshot snapshot)
    {
        Action<ClusterMembershipSnapshot>[] subscribers;
        lock (_lock)
        {
            if (_published is { } current && current.Version == snapshot.Version && current.Members.SequenceEqual(snapshot.Members))
            {
                return;
            }

            _published = snapshot;
            subscribers = [.. _subscribers];
        }

        foreach (var subscriber in subscribers)
        {
            subscriber(snapshot);
        }
    }

    /// <summary>The view of a table snapshot.</summary>
    public static ClusterMembershipSnapshot FromTable(MembershipTableData table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new ClusterMembershipSnapshot(table.Version.Version, [.. table.Rows
            .Select(r => r.Entry)
            .OrderBy(e => e.SiloAddress.ToString(), StringComparer.Ordinal)
            .Select(e => new ClusterMember(e.SiloAddress, e.Status, e.SiloName, e.ProxyPort, e.StartTime))]);
    }

    private ClusterMembershipSnapshot LocalOnly()
    {
        var local = _localOnly;
        if (local is null || local.Members[0].Status != localSilo.Status)
        {
            local = new(0, [new ClusterMember(localSilo.SiloAddress, localSilo.Status, localSilo.Name, 0, localSilo.StartedAt)]);
            _localOnly = local;
        }

        return local;
    }

    private sealed class Subscription(ClusterMembershipView view, Action<ClusterMembershipSnapshot> onChanged) : IDisposable
    {
        public void Dispose()
        {
            lock (view._lock)
            {
                view._subscribers.Remove(onChanged);
            }
        }
    }
}
