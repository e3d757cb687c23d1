package factordb_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

func TestKeyService_ActiveSigningKey(t *testing.T) {
	ctx := context.Background()

	t.Run("FirstUse", func(t *testing.T) {
		// Ensure there is no key before the first use, one after, and the
		// same one on later calls and after a reopen.
		path := filepath.Join(t.TempDir(), "db")
		db, err := factordb.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		keys := factordb.NewKeyService(db)
		pubs, err := keys.PublicKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(pubs) != 0 {
			t.Fatalf("%d public keys before first use", len(pubs))
		}
		k1, err := keys.ActiveSigningKey(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := k1.Validate(); err != nil {
			t.Fatal(err)
		}
		k2, err := keys.ActiveSigningKey(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if k2.ID != k1.ID || !bytes.Equal(k2.Private, k1.Private) {
			t.Fatal("second call returned another key")
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}

		keys = factordb.NewKeyService(MustOpenDBAt(t, path))
		k3, err := keys.ActiveSigningKey(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if k3.ID != k1.ID || !bytes.Equal(k3.Private, k1.Private) || !k3.Created.Equal(k1.Created) {
			t.Fatal("key changed across a reopen")
		}
		pubs, err = keys.PublicKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(pubs) != 1 || pubs[0].ID != k1.ID || !bytes.Equal(pubs[0].Key, k1.PublicKey().Key) || !pubs[0].Retired.IsZero() {
			t.Fatalf("public keys %+v", pubs)
		}
	})

	t.Run("Concurrent", func(t *testing.T) {
		// Ensure concurrent first calls agree on one key.
		keys := factordb.NewKeyService(MustOpenDB(t))
		ids := make([]string, 8)
		errs := make([]error, len(ids))
		var wg sync.WaitGroup
		for i := range ids {
			wg.Go(func() {
				k, err := keys.ActiveSigningKey(ctx)
				if err == nil {
					ids[i] = k.ID
				}
				errs[i] = err
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if id != ids[0] {
				t.Fatalf("keys %v, want one", ids)
			}
		}
		pubs, err := keys.PublicKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(pubs) != 1 {
			t.Fatalf("%d keys stored, want 1", len(pubs))
		}
	})
}

// testCertificate returns a minimal valid certificate issued at issued.
func testCertificate(tb testing.TB, issued time.Time) *certification.Certificate {
	tb.Helper()
	// The content is a test fixture, not a result: the value only has to
	// be a number for the signature to cover.
	kg := 1.0
	return &certification.Certificate{
		ID: uuid.New(), Number: "CDPCF-2026-000001", Revision: 1,
		Holder:       certification.CertificateParty{NameEN: "Test Holder", Address: "Test address"},
		Manufacturer: certification.CertificateParty{NameEN: "Test Holder", Address: "Test address"},
		Sites:        []certification.CertificateParty{{NameEN: "Test site", Address: "Test address"}},
		Certifier:    certification.CertificateCertifier{NameEN: "Test Certifier", ApprovalNumber: "TEST-1"},
		Product:      certification.CertificateProduct{NameEN: "Test product", Model: "T-1"},
		Rule:         certification.CertificateRule{Code: "pv-module", Version: "1"},
		Standards:    []string{"GB/T 24067-2024"},
		FactorSet:    "2026.1", EngineVersion: "test", Boundary: footprint.BoundaryCradleToGate,
		DeclaredUnit: certification.CertificateDeclaredUnit{Amount: 1, Unit: "piece", LabelEN: "piece"},
		PeriodStart:  time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
		KgCO2e: kg, Stages: []certification.CertificateStage{{Code: "A1", NameEN: "Raw materials", KgCO2e: kg}},
		Electricity: certification.CertificateElectricity{Approach: "none"},
		IssuedAt:    issued, ExpiresAt: certification.CertificateExpiry(issued, 0),
		StudyID: "test-study", ResultDigest: strings.Repeat("0", 64),
	}
}

func mustSign(tb testing.TB, c *certification.Certificate, k *certification.SigningKey) *certification.SignedCertificate {
	tb.Helper()
	sc, err := certification.SignCertificate(c, k)
	if err != nil {
		tb.Fatal(err)
	}
	return sc
}

func TestKeyService_RotateSigningKey(t *testing.T) {
	// Ensure rotation makes a new active key, keeps the old public key
	// published with its retirement time, and certificates signed by the
	// old key before rotation still verify.
	ctx := context.Background()
	s := MustOpenServices(t)
	old, err := s.keys.ActiveSigningKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before := mustSign(t, testCertificate(t, s.db.Now().Truncate(time.Second)), old)

	pctx := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: "ka"})
	k, err := s.keys.RotateSigningKey(pctx)
	if err != nil {
		t.Fatal(err)
	}
	if k.ID == old.ID {
		t.Fatal("rotation kept the key")
	}
	active, err := s.keys.ActiveSigningKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if active.ID != k.ID {
		t.Fatalf("active key %s, want the new %s", active.ID, k.ID)
	}
	pubs, err := s.keys.PublicKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pubs) != 2 || pubs[0].ID != old.ID || pubs[1].ID != k.ID {
		t.Fatalf("public keys %+v, want old then new", pubs)
	}
	if !pubs[0].Retired.Equal(k.Created) || pubs[0].Retired.IsZero() || !pubs[1].Retired.IsZero() {
		t.Fatalf("retired %v, created %v", pubs[0].Retired, k.Created)
	}
	if _, err := certification.PublicKeysJWKS(pubs); err != nil {
		t.Fatalf("keys do not publish: %v", err)
	}

	if err := certification.VerifyCertificate(before, pubs); err != nil {
		t.Fatalf("certificate signed before rotation: %v", err)
	}
	after := mustSign(t, testCertificate(t, k.Created.Add(time.Hour)), k)
	if err := certification.VerifyCertificate(after, pubs); err != nil {
		t.Fatalf("certificate signed by the new key: %v", err)
	}
	// The retirement is meaningful: the old key cannot sign later
	// certificates that verify.
	late := mustSign(t, testCertificate(t, k.Created.Add(time.Hour)), old)
	var verr *certification.VerifyError
	if err := certification.VerifyCertificate(late, pubs); !errors.As(err, &verr) || verr.Reason != certification.VerifyKeyRetired {
		t.Fatalf("old key after retirement: %v, want %s", err, certification.VerifyKeyRetired)
	}

	// A second rotation keeps both earlier keys.
	if _, err := s.keys.RotateSigningKey(ctx); err != nil {
		t.Fatal(err)
	}
	if pubs, err = s.keys.PublicKeys(ctx); err != nil {
		t.Fatal(err)
	}
	if len(pubs) != 3 || pubs[1].Retired.IsZero() || !pubs[2].Retired.IsZero() {
		t.Fatalf("public keys %+v", pubs)
	}
	if err := certification.VerifyCertificate(before, pubs); err != nil {
		t.Fatalf("certificate signed before two rotations: %v", err)
	}

	action := access.AuditSigningKeyRotate
	events, _, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Action: &action})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[1].Actor != "Operator" || events[1].Subject != "signing-key/"+k.ID || events[1].Detail != "retired "+old.ID {
		t.Fatalf("events %+v", events)
	}
}

func TestKeyService_IssuedCertificatesVerifyAfterRotation(t *testing.T) {
	// Ensure certificates issued through the store before a rotation
	// verify against the published keys afterwards.
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	rec := s.MustIssue(t, "GEC-K-1")
	if _, err := s.keys.RotateSigningKey(ctx); err != nil {
		t.Fatal(err)
	}
	rec2 := s.MustIssue(t, "GEC-K-2")
	if rec.Signed.KeyID == rec2.Signed.KeyID {
		t.Fatal("both certificates signed by one key")
	}
	pubs, err := s.keys.PublicKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*certification.CertificateRecord{rec, rec2} {
		got := mustFindCertificate(t, s, r.Certificate().ID)
		if err := certification.VerifyCertificate(got.Signed, pubs); err != nil {
			t.Fatalf("%s: %v", r.Certificate().Number, err)
		}
	}
}
