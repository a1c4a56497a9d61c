namespace FlowOrleans.Runtime.Membership;

/// <summary>
/// A membership table in process memory, for tests and single-process clusters. It has the same
/// compare-and-swap semantics as the Azure Table one: a write succeeds only when the row ETag and the
/// table version ETag are the ones the caller read. Thread-safe.
/// </summary>
public sealed class InMemoryMembershipTable : IMembershipTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, MembershipRow> _rows = [];
    private TableVersion _version = new(0, "0");
    private long _lastEtag;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(new MembershipTableData([.. _rows.Values], _version));
        }
    }

    /// <inheritdoc />
    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        lock (_lock)
        {
            if (_rows.ContainsKey(entry.SiloAddress) || tableVersion.VersionEtag != _version.VersionEtag)
            {
                return Task.FromResult(false);
            }

            _rows[entry.SiloAddress] = new MembershipRow(entry, NewEtag());
            _version = new TableVersion(tableVersion.Version, NewEtag());
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        lock (_lock)
        {
            if (!_rows.TryGetValue(entry.SiloAddress, out var row) || row.ETag != etag
                || tableVersion.VersionEtag != _version.VersionEtag)
            {
                return Task.FromResult(false);
            }

            _rows[entry.SiloAddress] = new MembershipRow(entry, NewEtag());
            _version = new TableVersion(tableVersion.Version, NewEtag());
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            if (!_rows.TryGetValue(entry.SiloAddress, out var row))
            {
                throw new InvalidOperationException($"Silo {entry.SiloAddress} has no row in the membership table.");
            }

            _rows[entry.SiloAddress] = new MembershipRow(row.Entry with { IAmAliveTime = entry.IAmAliveTime }, NewEtag());
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<int> CleanupDefunctSiloEntriesAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var defunct = _rows.Values
                .Where(r => r.Entry.Status == SiloStatus.Dead && r.Entry.IAmAliveTime < before)
                .Select(r => r.Entry.SiloAddress)
                .ToList();
            foreach (var silo in defunct)
            {
                _rows.Remove(silo);
            }

            return Task.FromResult(defunct.Count);
        }
    }

    private string NewEtag() => (++_lastEtag).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
