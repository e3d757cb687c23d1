package factordb_test

import (
	"context"
	"testing"
)

// Ensure a green certificate is not locked by a study that was only
// stored. Claims are recorded when a study is stored, before any
// application or certificate, and a stored study is never deleted, so:
//   - the holder of a certificate cannot submit a corrected study with its
//     own green certificate (a corrected study is a new study,
//     docs/integrity.md): 409 "already claimed by another study";
//   - any manufacturer can store a study naming another company's
//     certificate serial and lock it out for good (on the running
//     service, Demo Module Co.'s resubmission of its own demo study was
//     refused this way), which pushes the owner to a look-alike serial
//     that the register takes as another one ("GEC-…-000001.", see
//     footprint TestRedteam_SerialPunctuationVariants).
func TestRedteam_StoredStudyDoesNotLockItsInstruments(t *testing.T) {
	s := MustOpenWithOrgs(t)
	first := s.MustCreateStudy(t, orgMaker, "GEC-RT-CL-1") // stored, never applied for
	second := demoStudy(t, orgMaker, "GEC-RT-CL-1")
	second.Title = first.Title + " (corrected)"
	if _, err := s.studies.CreateStudy(context.Background(), second); err != nil {
		t.Fatalf("corrected study of the same holder with its own green certificate: %v", err)
	}
}
