package factordb

import (
	"context"
	"time"

	bolt "go.etcd.io/bbolt"
)

// RecordAuditEvent appends an audit event by the context's principal, as a
// change made in the store would; tests use it to fill the trail.
func (s *CertificationService) RecordAuditEvent(ctx context.Context, action, subject, detail string) error {
	return s.record(ctx, "record audit event", func(*bolt.Tx, time.Time) (string, string, string, error) {
		return action, subject, detail, nil
	})
}
