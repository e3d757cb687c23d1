package factordb_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure DB.Check compares the pending-application index with the
// applications: it is what refuses a second application of a study while
// one is pending, and a file with its entry removed or pointing elsewhere
// passed the check (pcf audit verify --db).
func TestCheck_PendingApplicationIndex(t *testing.T) {
	ctx, s := mustStart(t)
	st := s.MustCreateStudy(t, orgMaker, "PCF-PENDING-CHECK")
	app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
	if err := s.certs.CreateApplication(ctx, app); err != nil {
		t.Fatal(err)
	}
	mustRun(t, s.db, (*factordb.DB).Check)
	for _, tt := range []struct {
		name string
		id   uuid.UUID
	}{{"missing", uuid.Nil}, {"another application", uuid.New()}} {
		mustRun(t, s.db, func(db *factordb.DB) error { return factordb.SetPendingApplication(db, st.ID, tt.id) })
		if err := s.db.Check(); err == nil || !strings.Contains(err.Error(), "application_pending") {
			t.Errorf("%s: DB.Check of the corrupt pending-application index: %v, want it named", tt.name, err)
		}
		mustRun(t, s.db, func(db *factordb.DB) error { return factordb.SetPendingApplication(db, st.ID, app.ID) })
		mustRun(t, s.db, (*factordb.DB).Check)
	}
}
