package factordb_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// Ensure the backup handed out over HTTP holds no signing key's seed (an
// admin key, a curator's too, could otherwise sign certificates that verify
// as genuine), keeps every public key so that a restored copy verifies the
// certificates issued before, and is recorded in the audit trail; and that
// the first start on the restored copy retires its seedless key and creates
// a new one.
func TestDB_BackupWithoutSeeds(t *testing.T) {
	ctx, s := mustStart(t)
	retired, err := s.keys.ActiveSigningKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	first := s.MustIssue(t, "BK-1")
	active, err := s.keys.RotateSigningKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	second := s.MustIssue(t, "BK-2")
	pubs, err := s.keys.PublicKeys(ctx)
	if err != nil || len(pubs) != 2 {
		t.Fatalf("public keys %+v %v", pubs, err)
	}

	curator := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Curator Org", Role: access.RoleAdmin, KeyID: "key-7"})
	var buf bytes.Buffer
	announced := int64(-1)
	n, err := s.db.BackupWithoutSeeds(curator, &buf, func(size int64) error { announced = size; return nil })
	if err != nil || n != int64(buf.Len()) || announced != n {
		t.Fatalf("backup: %d bytes written, %d announced, %d received, %v", n, announced, buf.Len(), err)
	}
	for _, k := range []*certification.SigningKey{retired, active} {
		if factordbtest.HoldsSeed(buf.Bytes(), k) {
			t.Errorf("the backup holds the seed of signing key %s", k.ID)
		}
	}
	var full bytes.Buffer // the file's holder's copy keeps the active seed
	if _, err := s.db.Backup(&full); err != nil || !factordbtest.HoldsSeed(full.Bytes(), active) {
		t.Fatalf("the full backup lacks the active seed (%v): the scan above proves nothing", err)
	}

	// Recorded: who, and which copy.
	action := factordb.AuditDatabaseBackup
	events, _, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Action: &action})
	if err != nil || len(events) != 1 {
		t.Fatalf("backup audit events %+v %v", events, err)
	}
	sum := sha256.Sum256(buf.Bytes())
	if ev := events[0]; ev.Actor != "Curator Org" || ev.Role != access.RoleAdmin || ev.KeyID != "key-7" ||
		!strings.Contains(ev.Detail, hex.EncodeToString(sum[:])) {
		t.Fatalf("backup audit event %+v", ev)
	}

	// Restored: the same public keys, which verify what was issued.
	restored := factordbtest.OpenCopy(t, buf.Bytes())
	keys := factordb.NewKeyService(restored)
	got, err := keys.PublicKeys(ctx)
	if err != nil || len(got) != len(pubs) {
		t.Fatalf("restored public keys %+v %v", got, err)
	}
	for i := range got {
		if got[i].ID != pubs[i].ID || !bytes.Equal(got[i].Key, pubs[i].Key) || !got[i].Retired.Equal(pubs[i].Retired) {
			t.Fatalf("restored public key %d: %+v, want %+v", i, got[i], pubs[i])
		}
	}
	verifyRestored := func(pubs []certification.PublicKey) {
		t.Helper()
		for _, c := range []*certification.CertificateRecord{first, second} {
			rec, err := factordb.NewCertificationService(restored).FindCertificateByID(ctx, c.Certificate().ID)
			if err != nil {
				t.Fatal(err)
			}
			if err := certification.VerifyCertificate(rec.Signed, pubs); err != nil {
				t.Fatalf("certificate %s in the restored copy: %v", c.Certificate().Number, err)
			}
		}
	}
	verifyRestored(got)

	// Its start (pcf serve calls ActiveSigningKey), a day later, retires the
	// seedless key and signs with a new one; what was issued still verifies.
	restored.Now = func() time.Time { return fixedNow.Add(24 * time.Hour) }
	k, err := keys.ActiveSigningKey(ctx)
	if err != nil || k.ID == active.ID || k.ID == retired.ID {
		t.Fatalf("signing key of the restored copy %+v %v", k, err)
	}
	if got, err = keys.PublicKeys(ctx); err != nil || len(got) != 3 || got[1].ID != active.ID || got[1].Retired.IsZero() {
		t.Fatalf("restored public keys after start %+v %v", got, err)
	}
	verifyRestored(got)
	rotate := access.AuditSigningKeyRotate
	events, _, err = factordb.NewCertificationService(restored).FindAuditEvents(ctx, access.AuditFilter{Action: &rotate})
	if err != nil || len(events) == 0 || events[0].Actor != "system" || !strings.Contains(events[0].Detail, active.ID) {
		t.Fatalf("rotation audit events of the restored copy %+v %v", events, err)
	}
}

// Ensure the HTTP backup holds no manufacturer's client secret for its
// supplier's PACT host either: any admin key may download it, while the
// secret is the manufacturer's own (GET /v1/pact/endpoints, 403 to other
// organisations, never shows it). The endpoint is restored without it, its
// host and client kept, for its owner to enter the secret again (red team:
// another organisation's admin read "S3CRET-supplier-ag-7f3a9c").
func TestDB_BackupWithoutPACTClientSecrets(t *testing.T) {
	ctx, s := mustStart(t)
	const secret = "S3CRET-supplier-ag-7f3a9c"
	maker := access.NewContextWithPrincipal(ctx, &access.Principal{Org: orgMaker, Role: access.RoleManufacturer, KeyID: "km"})
	if _, err := s.certs.SaveEndpoint(maker, &pact.Endpoint{Name: "supplier-ag", URL: "https://supplier-ag.test", ClientID: "demo-module", ClientSecret: secret}); err != nil {
		t.Fatal(err)
	}
	var full bytes.Buffer // the file's holder's copy keeps it
	if _, err := s.db.Backup(&full); err != nil || !bytes.Contains(full.Bytes(), []byte(secret)) {
		t.Fatalf("the full backup lacks the client secret (%v): the scan below proves nothing", err)
	}
	admin := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Curator Org", Role: access.RoleAdmin, KeyID: "key-7"})
	var buf bytes.Buffer
	if _, err := s.db.BackupWithoutSeeds(admin, &buf, nil); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte(secret)) {
		t.Fatalf("the backup holds the client secret %q", secret)
	}
	e, err := factordb.NewCertificationService(factordbtest.OpenCopy(t, buf.Bytes())).FindEndpoint(maker, "supplier-ag")
	if err != nil || e.URL != "https://supplier-ag.test" || e.ClientID != "demo-module" || e.ClientSecret != "" {
		t.Fatalf("restored PACT endpoint %+v %v", e, err)
	}
}
