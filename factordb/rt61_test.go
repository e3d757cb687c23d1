package factordb_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure the flagged list holds a valid certificate issued with a
// recovery key its body has not vouched for, as its verification marks
// it (red team 61: it was listed as not flagged), and leaves it once the
// body vouches; it knows whether any recovery key exists from the index
// of recovery keys, without reading every key of the file (a spoiled
// record of a key nobody uses does not fail the list), and the index is
// built at Open for an earlier file.
func TestRedteam61_FlaggedListHoldsUnvouchedKeyIssues(t *testing.T) {
	ctx, s := mustStart(t)
	formerToken, former := MustCreateKey(t, s.auth, orgCertifier, access.RoleCertifier)
	_, idle, err := s.auth.CreateAPIKey(ctx, orgMaker)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.auth.RevokeAPIKey(ctx, former.ID); err != nil {
		t.Fatal(err)
	}
	recoveryToken, recovery := MustCreateKey(t, s.auth, orgCertifier, access.RoleCertifier)
	if !recovery.Unvouched {
		t.Fatalf("recovery key %+v not unvouched", recovery)
	}
	p, err := s.auth.Authenticate(ctx, recoveryToken)
	if err != nil {
		t.Fatal(err)
	}
	as := access.NewContextWithPrincipal(ctx, p)
	st := s.MustCreateStudy(t, orgMaker, "RT61-UNVOUCHED")
	app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
	if err := s.certs.CreateApplication(ctx, app); err != nil {
		t.Fatal(err)
	}
	rec, err := s.certs.IssueCertificate(as, app.ID, issueReq)
	if err != nil {
		t.Fatal(err)
	}
	restore, err := factordb.SpoilAPIKeyRecord(s.db, idle.ID)
	if err != nil {
		t.Fatal(err)
	}
	listed := func(flagged bool) bool {
		t.Helper()
		recs, _, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{Flagged: &flagged})
		if err != nil {
			t.Fatalf("flagged=%t list: %v", flagged, err)
		}
		for _, r := range recs {
			if r.Certificate().ID == rec.Certificate().ID {
				return true
			}
		}
		return false
	}
	if !listed(true) || listed(false) {
		t.Errorf("certificate issued with an unvouched recovery key: flagged list %t, not-flagged list %t; want true, false", listed(true), listed(false))
	}
	if _, err := s.auth.VouchAPIKey(as, recovery.ID, formerToken); err != nil {
		t.Fatal(err)
	}
	if listed(true) || !listed(false) {
		t.Errorf("after the vouch: flagged list %t, not-flagged list %t; want false, true", listed(true), listed(false))
	}
	if err := restore(); err != nil {
		t.Fatal(err)
	}
	mustRebuildIndex(t, s.db, factordb.CheckRecoveryKeyIndex, factordb.DropRecoveryKeyIndex)
}

// mustRebuildIndex checks an index (check), drops it as a file written
// before it existed has it (drop), has Open's migrations build it again
// and checks it again.
func mustRebuildIndex(tb testing.TB, db *factordb.DB, check, drop func(*factordb.DB) error) {
	tb.Helper()
	for _, op := range []func(*factordb.DB) error{check, drop, factordb.Init, check} {
		mustRun(tb, db, op)
	}
}
