package certification

// ReviewRecords are what the service's records, beyond the study itself,
// tell a certifier reviewing an application (each field says what).
type ReviewRecords struct {
	// Rejected are the earlier rejected applications of the same study,
	// and of the holder's other studies of the same product model (as the
	// model lineage compares models), oldest first.
	Rejected []*Application
}
