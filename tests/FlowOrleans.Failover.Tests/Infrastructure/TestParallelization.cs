// The failover tests each run a whole cluster (three silos and Azurite, in processes or in this one): one at a time,
// so that on a 2-core machine they do not starve each other's failure detection.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
