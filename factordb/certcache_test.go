package factordb_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// FindCertificateByID keeps what it decoded for the next read of the same
// stored record, and decodes again whatever changed in the store: the
// status (through the service, or rewritten behind its back) and even the
// signed content.
func TestCertificationService_FindCertificateByID_Cache(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	a, b := s.MustIssue(t, "GEC-CACHE-1"), s.MustIssue(t, "GEC-CACHE-2")
	id := a.Certificate().ID
	find := func() *certification.CertificateRecord {
		t.Helper()
		rec, err := s.certs.FindCertificateByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
	first, again := find(), find()
	if first.Certificate() != again.Certificate() {
		t.Fatal("the unchanged record was decoded again")
	}
	if !reflect.DeepEqual(first, again) || !reflect.DeepEqual(first.Certificate(), a.Certificate()) || first.Status != certification.CertificateValid {
		t.Fatalf("cached read differs:\n%+v\n%+v", first, again)
	}
	// The record a caller gets is its own.
	again.Signed.Content[0] = 'X'
	again.Status = certification.CertificateWithdrawn
	if got := find(); got.Signed.Content[0] == 'X' || got.Status != certification.CertificateValid {
		t.Fatal("a caller's change reached the cache")
	}

	if _, err := s.certs.SetCertificateStatus(ctx, id, certification.CertificateSuspended, "audit"); err != nil {
		t.Fatal(err)
	}
	if got := find(); got.Status != certification.CertificateSuspended || got.StatusReason != "audit" {
		t.Fatalf("after suspension: %s %q", got.Status, got.StatusReason)
	}
	if err := factordb.EditCertificateRecord(s.db, id, func(m map[string]any) { m["status_reason"] = "edited" }); err != nil {
		t.Fatal(err)
	}
	if got := find(); got.StatusReason != "edited" {
		t.Fatalf("record edited in the store, read %q", got.StatusReason)
	}
	// Another certificate's signed content under this ID: decoded afresh.
	if err := factordb.EditCertificateRecord(s.db, id, func(m map[string]any) { m["content"] = b.Signed.Content }); err != nil {
		t.Fatal(err)
	}
	if got := find(); got.Certificate().Number != b.Certificate().Number {
		t.Fatalf("content replaced in the store, read number %s, want %s", got.Certificate().Number, b.Certificate().Number)
	}
}
