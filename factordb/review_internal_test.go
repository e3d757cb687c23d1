package factordb

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure supersededStudy says why it reads no study of a superseded
// certificate (ReviewRecords.SupersededStudyUnread): a study ID the store
// holds no study of is not stored (a restore of another service's copy);
// a certificate naming no valid study ID, or a stored document that fails
// to decode, is unreadable. The last two were read as no study at all, or
// failed the whole review (rv55). (A study that reads but is not the one
// the certificate signed: TestFindReviewRecords_SupersededStudyChangedSinceTheIssue.)
func TestSupersededStudy_WhyNotRead(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	corrupt := uuid.New()
	rec := &studyRecord{V: recordV1, ID: corrupt.String(), Owner: "o", CreatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Rule: "pv-module"}
	if err := db.db.Update(func(tx *bolt.Tx) error { return putStudy(tx, corrupt, rec, []byte(`{"format":`), nil) }); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{
		uuid.NewString(): certification.SupersededStudyNotStored,
		"not-a-study-id": certification.SupersededStudyUnreadable,
		corrupt.String(): certification.SupersededStudyUnreadable,
	} {
		err := db.db.View(func(tx *bolt.Tx) error {
			st, why, err := supersededStudy(tx, &certification.Certificate{StudyID: id})
			if err != nil || st != nil || why != want {
				t.Errorf("supersededStudy(%q) = %v, %q, %v; want none, %q", id, st, why, err, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
