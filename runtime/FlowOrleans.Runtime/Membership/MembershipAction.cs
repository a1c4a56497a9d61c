namespace FlowOrleans.Runtime.Membership;

/// <summary>What the oracle wants written about another silo.</summary>
public enum MembershipActionKind
{
    /// <summary>Add our vote to the silo's row; not enough votes yet to declare it dead.</summary>
    Suspect,

    /// <summary>Set the silo's status to <see cref="SiloStatus.Dead"/>.</summary>
    DeclareDead,
}

/// <summary>
/// A write the oracle decided on. Apply it with
/// <c>table.UpdateRowAsync(UpdatedEntry, Target.ETag, snapshot.Version.Next())</c>; when that returns
/// false, read the table again and ask the oracle again.
/// </summary>
/// <param name="Kind">Suspect or declare dead.</param>
/// <param name="Target">The row as read, with the ETag to compare against.</param>
/// <param name="UpdatedEntry">The row to write.</param>
/// <param name="Reason">Why, for the log.</param>
public sealed record MembershipAction(MembershipActionKind Kind, MembershipRow Target, MembershipEntry UpdatedEntry, string Reason);
