package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/access"
)

// migrationEvents returns the audit events of the migrations applied to
// the file of certs.
func migrationEvents(tb testing.TB, certs *factordb.CertificationService) []*access.AuditEvent {
	tb.Helper()
	action := factordb.AuditDatabaseMigrate
	evs, _, err := certs.FindAuditEvents(context.Background(), access.AuditFilter{Action: &action, Limit: 100})
	if err != nil {
		tb.Fatal(err)
	}
	return evs
}

// Ensure the schema-4 migration, which joins the product-model lineages
// that today's ModelKey reads as one, says in the audit trail which
// lineages it joined and which certificate heads them now; and that it,
// like every migration, runs and is recorded once: opening the file again
// records nothing and changes nothing.
func TestOpen_MigrationAudited(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	if evs := migrationEvents(t, s.certs); len(evs) != 0 {
		t.Fatalf("a new file has nothing to migrate: %+v", evs)
	}
	st := demoStudy(t, orgMaker, "GEC-MG-1")
	st.Product.Model = "DEMO-M1O-54"
	if _, err := s.studies.CreateStudy(ctx, st); err != nil {
		t.Fatal(err)
	}
	old := s.mustIssueStudy(t, st.ID, orgMaker).Certificate()
	// The index as schema 2 keyed it: the model's own letters.
	if err := factordb.PutModelIndex(s.db, 2, nil); err != nil {
		t.Fatal(err)
	}
	if err := factordb.PutModelIndexEntry(s.db, "DEMOM1O54\x00"+orgMaker, old.ID); err != nil {
		t.Fatal(err)
	}
	// A second lineage of the same model, begun beside the first while
	// the old key hid it.
	again := demoStudy(t, orgMaker, "GEC-MG-2")
	again.Product.Model = "DEMO-M10-54"
	if _, err := s.studies.CreateStudy(ctx, again); err != nil {
		t.Fatal(err)
	}
	second := s.mustIssueStudy(t, again.ID, orgMaker).Certificate()

	if err := factordb.Init(s.db); err != nil {
		t.Fatal(err)
	}
	evs := migrationEvents(t, s.certs)
	var schema4 *access.AuditEvent
	for _, ev := range evs {
		if ev.Subject == "database/schema-4" {
			schema4 = ev
		}
		if ev.Actor != "system" {
			t.Errorf("migration %s by %q", ev.Subject, ev.Actor)
		}
	}
	if schema4 == nil {
		t.Fatalf("no audit event of the schema-4 migration: %+v", evs)
	}
	for _, want := range []string{"joined", old.Number, second.Number, `"DEMO-M1O-54"`, `"DEMO-M10-54"`, "current certificate " + second.Number} {
		if !strings.Contains(schema4.Detail, want) {
			t.Errorf("detail %q does not say %q", schema4.Detail, want)
		}
	}
	for round := range 2 {
		if err := factordb.Init(s.db); err != nil {
			t.Fatal(err)
		}
		if got := migrationEvents(t, s.certs); len(got) != len(evs) {
			t.Fatalf("open %d: %d migration events, want the %d of the first: %+v", round, len(got), len(evs), got)
		}
	}
}

// Ensure opening a file written by an earlier version (schema 1) records
// every migration it applies, once: the schema steps and each index built
// since, and nothing at the next opens.
func TestOpen_OldFileMigrationsRecordedOnce(t *testing.T) {
	db := MustOpenTestdataDB(t, "format1.db.gz")
	certs := factordb.NewCertificationService(db)
	evs := migrationEvents(t, certs)
	subjects := map[string]bool{}
	for _, ev := range evs {
		subjects[ev.Subject] = true
	}
	for _, want := range []string{"database/schema-2", "database/schema-4", "database/schema", "database/index:audit_events", "database/keys:retired_seeds_destroyed"} {
		if !subjects[want] {
			t.Errorf("no migration event %s in %v", want, subjects)
		}
	}
	for round := range 2 {
		if err := factordb.Init(db); err != nil {
			t.Fatal(err)
		}
		if got := migrationEvents(t, certs); len(got) != len(evs) {
			t.Fatalf("open %d: %d migration events, want %d", round, len(got), len(evs))
		}
	}
}
