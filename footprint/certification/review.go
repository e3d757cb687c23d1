package certification

// ReviewRecords are what the service's records, beyond the study itself,
// tell a certifier reviewing an application (each field says what).
type ReviewRecords struct {
	// Rejected are the earlier rejected applications of the same study,
	// and of the holder's other studies of the same product model (as the
	// model lineage compares models), oldest first.
	Rejected []*Application

	// Stopped are the holder's withdrawn and suspended certificates of the
	// product under another name: sharing a product code and the rule with
	// the study, or of the same product model (the certificate the
	// application supersedes is not among them).
	Stopped []*CertificateRecord
}
